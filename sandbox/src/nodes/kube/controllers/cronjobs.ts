// The CronJob controller: on each schedule time (standard five-field cron, in UTC or the
// CronJob's timeZone offset-free; wall-clock minutes whatever the sandbox's pace) a Job from the
// jobTemplate, named after the scheduled minute as kube-controller-manager names them; the
// concurrency policy, suspend, and the history limits.
import { isoSeconds, ownerRef, type KObj } from '../types';
import type { ControllerCtx } from './context';

/* eslint-disable @typescript-eslint/no-explicit-any */
type Any = any;

const MACROS: Record<string, string> = { '@yearly': '0 0 1 1 *', '@annually': '0 0 1 1 *', '@monthly': '0 0 1 * *', '@weekly': '0 0 * * 0', '@daily': '0 0 * * *', '@midnight': '0 0 * * *', '@hourly': '0 * * * *' };

function field(expr: string, min: number, max: number): Set<number> | undefined {
  const out = new Set<number>();
  for (const part of expr.split(',')) {
    const m = /^(\*|\d+(?:-\d+)?)(?:\/(\d+))?$/.exec(part);
    if (!m) return undefined;
    const step = Number(m[2] ?? 1);
    const [lo, hi] = m[1] === '*' ? [min, max] : m[1]!.includes('-') ? m[1]!.split('-').map(Number) as [number, number] : [Number(m[1]), m[2] ? max : Number(m[1])];
    if (lo < min || hi > max || lo > hi || step < 1) return undefined;
    for (let v = lo; v <= hi; v += step) out.add(v);
  }
  return out;
}

/** The schedule's matcher, or undefined when it does not parse. */
export function parseCron(schedule: string): ((d: Date) => boolean) | undefined {
  const parts = (MACROS[schedule.trim()] ?? schedule).trim().split(/\s+/);
  if (parts.length !== 5) return undefined;
  const [mi, h, dom, mo, dow] = [field(parts[0]!, 0, 59), field(parts[1]!, 0, 23), field(parts[2]!, 1, 31), field(parts[3]!, 1, 12), field(parts[4]!.replace(/7/g, '0'), 0, 6)];
  if (!mi || !h || !dom || !mo || !dow) return undefined;
  const anyDom = parts[2] === '*';
  const anyDow = parts[4] === '*';
  return (d) => {
    if (!mi.has(d.getUTCMinutes()) || !h.has(d.getUTCHours()) || !mo.has(d.getUTCMonth() + 1)) return false;
    const byDom = dom.has(d.getUTCDate());
    const byDow = dow.has(d.getUTCDay());
    return anyDom || anyDow ? byDom && byDow : byDom || byDow;
  };
}

export function cronJobs(c: ControllerCtx): void {
  const cjTp = c.t('batch', 'cronjobs');
  const jobTp = c.t('batch', 'jobs');
  const minute = 60_000;
  for (const cj of c.api.list(cjTp)) {
    if (cj.metadata.deletionTimestamp) continue;
    const ns = cj.metadata.namespace as string;
    const match = parseCron(String(cj.spec?.schedule ?? ''));
    const mine = c.api.list(jobTp, ns).filter((j) => j.metadata.ownerReferences?.some((r) => r.uid === cj.metadata.uid));
    const finished = (j: KObj) => (j.status?.conditions ?? []).some((x: Any) => (x.type === 'Complete' || x.type === 'Failed') && x.status === 'True');
    const active = mine.filter((j) => !finished(j));
    const last = new Date(cj.status?.lastScheduleTime ?? cj.metadata.creationTimestamp ?? c.now).getTime();
    let due: number | undefined;
    if (match && !cj.spec?.suspend) {
      // The latest scheduled minute since the last one (missed ones are not all run: at most one).
      const floor = Math.max(last, c.now - 1440 * minute);
      for (let t = Math.floor(c.now / minute) * minute; t > floor; t -= minute) {
        if (match(new Date(t))) {
          due = t;
          break;
        }
      }
    }
    const st: Any = { ...(cj.status ?? {}) };
    if (due !== undefined) {
      const policy = cj.spec?.concurrencyPolicy ?? 'Allow';
      if (policy === 'Replace') for (const j of active) c.api.delete(jobTp, ns, j.metadata.name as string, { propagationPolicy: 'Background' });
      if (policy !== 'Forbid' || active.length === 0) {
        const name = `${cj.metadata.name}-${Math.floor(due / minute)}`;
        if (!c.api.find(jobTp, ns, name)) {
          const tpl = JSON.parse(JSON.stringify(cj.spec?.jobTemplate ?? {}));
          c.api.create(jobTp, ns, { metadata: { name, labels: tpl.metadata?.labels, annotations: { ...(tpl.metadata?.annotations ?? {}), 'batch.kubernetes.io/cronjob-scheduled-timestamp': new Date(due).toISOString().replace('.000Z', 'Z') }, ownerReferences: [ownerRef(cj)] }, spec: tpl.spec ?? {} });
          c.event(cj, 'Normal', 'SuccessfulCreate', `Created job ${name}`, { component: 'cronjob-controller' });
        }
      }
      st.lastScheduleTime = isoSeconds(due);
    }
    // History limits: the oldest finished jobs beyond them go.
    for (const [ok, limit] of [[true, cj.spec?.successfulJobsHistoryLimit ?? 3], [false, cj.spec?.failedJobsHistoryLimit ?? 1]] as [boolean, number][]) {
      const done = mine
        .filter((j) => finished(j) && (j.status?.conditions ?? []).some((x: Any) => x.type === (ok ? 'Complete' : 'Failed') && x.status === 'True'))
        .sort((a, b) => String(a.metadata.creationTimestamp).localeCompare(String(b.metadata.creationTimestamp)));
      for (const j of done.slice(0, Math.max(0, done.length - limit))) {
        c.api.delete(jobTp, ns, j.metadata.name as string, { propagationPolicy: 'Background' });
        c.event(cj, 'Normal', 'SawCompletedJob', `Saw completed job: ${j.metadata.name}, condition: ${ok ? 'Complete' : 'Failed'}`, { component: 'cronjob-controller' });
      }
      const lastOk = done.at(-1);
      if (ok && lastOk) st.lastSuccessfulTime = lastOk.status?.completionTime ?? st.lastSuccessfulTime;
    }
    const now = c.api.list(jobTp, ns).filter((j) => j.metadata.ownerReferences?.some((r) => r.uid === cj.metadata.uid) && !finished(j));
    if (now.length) st.active = now.map((j) => ({ kind: 'Job', namespace: ns, name: j.metadata.name, uid: j.metadata.uid, apiVersion: 'batch/v1', resourceVersion: j.metadata.resourceVersion }));
    else delete st.active;
    const cur = c.api.find(cjTp, ns, cj.metadata.name as string) as KObj;
    if (JSON.stringify(st) !== JSON.stringify(cur.status ?? {})) c.api.update(cjTp, ns, cj.metadata.name as string, { ...cur, status: st }, { subresource: 'status' });
    // Next look: the start of the next minute.
    if (match && !cj.spec?.suspend) c.wake(minute - (c.now % minute) + 5);
  }
}
