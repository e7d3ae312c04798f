import { CopyButton } from './CopyButton';
import { diagramModel, type DiagramBox, type DiagramStep } from '../lib/resource-diagram';

const STATE_WORDS = { pending: 'not yet', running: 'being created', done: 'created', failed: 'failed' } as const;

function Box({ box }: { box: DiagramBox }) {
  const name = box.node ? `${box.label} ${box.node}` : box.label;
  const az = box.az.join('\n');
  return (
    <li className={`diagram-box ${box.state}`} data-box-id={box.id} data-state={box.state} aria-label={`${name}: ${STATE_WORDS[box.state]}`}>
      <span className="diagram-label">{box.label}</span>
      <span className="diagram-state">{STATE_WORDS[box.state]}</span>
      {az && (
        <details>
          <summary>az command</summary>
          <pre tabIndex={0} aria-label={`az command of ${name}`}>
            {az}
          </pre>
          <CopyButton text={az} label={`Copy the az command of ${name}`} />
        </details>
      )}
    </li>
  );
}

/**
 * What the operation builds in Azure, as a diagram that lights up while it runs: the resource
 * group, its network (VNet, subnet, NSG), each node's public IP, NIC, VM and Kubernetes node, and
 * the pod network. Each box shows the `az` command of its steps. The state comes from the plan
 * and the progress the operation view already has (lib/resource-diagram.ts maps them).
 */
export function ResourceDiagram({ plan, statuses }: { plan: readonly DiagramStep[]; statuses: Readonly<Record<string, string | undefined>> }) {
  const model = diagramModel(plan, statuses);
  if (model.shared.length === 0 && model.nodes.length === 0) return null;
  return (
    <section className="card resource-diagram" aria-labelledby="diagram-title" data-testid="resource-diagram">
      <h2 id="diagram-title">What is built in Azure</h2>
      <ul className="diagram-row" aria-label="Resource group and network">
        {model.shared.map((b) => (
          <Box key={b.id} box={b} />
        ))}
      </ul>
      <div className="diagram-nodes">
        {model.nodes.map((n) => (
          <ul key={n.node} className="diagram-column" aria-label={`Node ${n.node}`}>
            {n.boxes.map((b) => (
              <Box key={b.id} box={b} />
            ))}
          </ul>
        ))}
      </div>
      {model.podNetwork && (
        <ul className="diagram-row" aria-label="Pod network">
          <Box box={model.podNetwork} />
        </ul>
      )}
    </section>
  );
}
