import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { arrowDirection, clusterPoints, fitView, nearestInDirection, spread, TARGET_PX } from '../../../renderer/src/lib/map-nav';

const pt = (id: string, x: number, y: number) => ({ id, x, y });
const pairwiseMin = (ts: readonly { x: number; y: number }[]) => {
  let min = Infinity;
  for (let i = 0; i < ts.length; i++) for (let j = i + 1; j < ts.length; j++) min = Math.min(min, Math.hypot(ts[i]!.x - ts[j]!.x, ts[i]!.y - ts[j]!.y));
  return min;
};

describe('renderer: the world map targets (clusters) and arrow-key movement', () => {
  it('targets are at least 24 px across, so regions nearer than a target share one cluster', () => {
    assert.ok(TARGET_PX >= 24);
    const targets = clusterPoints([pt('a', 0, 0), pt('b', 10, 0), pt('c', 100, 0), pt('d', 100, 5), pt('e', 200, 200)]);
    assert.deepEqual(
      targets.map((t) => t.members),
      [['a', 'b'], ['c', 'd'], ['e']],
    );
    assert.deepEqual(
      targets.map((t) => t.id),
      ['cluster:a+b', 'cluster:c+d', 'e'],
    );
    // A cluster sits at its members' centroid.
    assert.deepEqual([targets[0]!.x, targets[0]!.y], [5, 0]);
  });

  it('after clustering no two targets overlap, even when a merge moves a cluster next to another', () => {
    // A dense line: merging moves centroids, which may come close to the next point again.
    const line = Array.from({ length: 40 }, (_, i) => pt(`r${i}`, i * 9, (i % 3) * 7));
    const targets = clusterPoints(line);
    assert.ok(pairwiseMin(targets) >= TARGET_PX, `closest targets ${pairwiseMin(targets)} px apart`);
    assert.equal(targets.flatMap((t) => t.members).length, 40, 'every region is in exactly one target');
    // Regions on one spot never separate.
    assert.deepEqual(clusterPoints([pt('x', 3, 3), pt('y', 3, 3)]).map((t) => t.members), [['x', 'y']]);
    // Far apart: all single targets, ids are the region names.
    assert.deepEqual(clusterPoints([pt('p', 0, 0), pt('q', TARGET_PX, 0)]).map((t) => t.id), ['p', 'q']);
  });

  it('an arrow moves to the nearest target in that direction, preferring those within 45°', () => {
    const from = pt('o', 100, 100);
    const ts = [from, pt('east-near-but-off', 130, 160), pt('east', 180, 105), pt('west', 40, 100), pt('north', 98, 30), pt('south', 110, 170), pt('far-east', 400, 100)];
    assert.equal(nearestInDirection(ts, from, 'right')?.id, 'east');
    assert.equal(nearestInDirection(ts, from, 'left')?.id, 'west');
    assert.equal(nearestInDirection(ts, from, 'up')?.id, 'north');
    assert.equal(nearestInDirection(ts, from, 'down')?.id, 'south');
    // Nothing in the cone: the nearest in the half-plane; nothing at all that way: null.
    assert.equal(nearestInDirection([from, pt('steep', 110, 300)], from, 'right')?.id, 'steep');
    assert.equal(nearestInDirection([from, pt('w', 10, 100)], from, 'right'), null);
    assert.equal(arrowDirection('ArrowUp'), 'up');
    assert.equal(arrowDirection('Enter'), null);
  });

  it('a cluster zooms to a view that holds its regions with room around, inside the world', () => {
    const world = { w: 960, h: 500 };
    const v = fitView([{ x: 470, y: 120 }, { x: 500, y: 140 }], world, 16);
    assert.ok(v.w < world.w / 4 && v.w >= world.w / 16);
    assert.equal(v.h / v.w, world.h / world.w);
    assert.ok(v.x <= 470 && v.x + v.w >= 500 && v.y <= 120 && v.y + v.h >= 140);
    // Near the edge the view is moved back inside the world; one spot zooms to the maximum.
    const edge = fitView([{ x: 2, y: 3 }], world, 16);
    assert.deepEqual([edge.x, edge.y, edge.w], [0, 0, 60]);
    assert.equal(spread([{ x: 0, y: 0 }, { x: 3, y: 4 }, { x: 1, y: 1 }]), 5);
  });
});
