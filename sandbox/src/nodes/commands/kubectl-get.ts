// `kubectl get TYPE[,TYPE...] [NAME...] | TYPE/NAME ... [-n NS | -A] [-l SELECTOR]
// [-o wide|name|json|yaml] [--no-headers]` on a simulated node: any type the cluster's API
// serves, printed from the server-side Table as kubectl prints it.
import { stringify } from 'yaml';
import type { CommandContext } from '../command-types';
import { kubeClusterFor } from '../kube/cluster';
import type { ResourceType } from '../kube/resources';
import { parseLabelSelector } from '../kube/selectors';
import { tableText, toTable } from '../kube/tables';
import type { KObj } from '../kube/types';
import { typeOfResource, type Target } from './kubectl-objects';

export function getCmd(args: string[], t: Target, ctx: CommandContext, namespace: string | undefined, allNamespaces: boolean): number {
  let output = '';
  let selector: string | undefined;
  let noHeaders = false;
  const words: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i] as string;
    if (a === '-o' || a === '--output') output = args[++i] ?? '';
    else if (a.startsWith('--output=')) output = a.slice(9);
    else if (a.startsWith('-o')) output = a.slice(2).replace(/^=/, '');
    else if (a === '-l' || a === '--selector') selector = args[++i] ?? '';
    else if (a.startsWith('--selector=')) selector = a.slice(11);
    else if (a === '--no-headers' || a === '--no-headers=true') noHeaders = true;
    else if (a.startsWith('-')) {
      ctx.io.stderr(`error: unknown flag: ${a.split('=')[0]}\nSee 'kubectl get --help' for usage.\n`);
      return 1;
    } else words.push(a);
  }
  if (!['', 'wide', 'name', 'json', 'yaml'].includes(output)) {
    ctx.io.stderr(`error: unable to match a printer suitable for the output format "${output}", allowed formats are: custom-columns,custom-columns-file,go-template,go-template-file,json,jsonpath,jsonpath-as-json,jsonpath-file,name,template,templatefile,wide,yaml\n`);
    return 1;
  }
  const kube = kubeClusterFor(t.cp, ctx.dir, ctx.pace);
  if (!kube) return 1;
  kube.settle();
  const api = kube.api;
  // Requests: [type, names] pairs, from `TYPE NAME...`, `TYPE1,TYPE2` or `TYPE/NAME ...`.
  const requests: { tp: ResourceType; word: string; names: string[] }[] = [];
  const resolve = (w: string): ResourceType | undefined => {
    const tp = typeOfResource(api, w);
    if (!tp) ctx.io.stderr(`error: the server doesn't have a resource type "${w}"\n`);
    return tp;
  };
  if (words.some((w) => w.includes('/'))) {
    for (const w of words) {
      const [type, name] = w.split('/', 2) as [string, string];
      if (!name) {
        ctx.io.stderr('error: there is no need to specify a resource type as a separate argument when passing arguments in resource/name form (e.g. \'kubectl get resource/<resource_name>\' instead of \'kubectl get resource resource/<resource_name>\'\n');
        return 1;
      }
      const tp = resolve(type);
      if (!tp) return 1;
      requests.push({ tp, word: type, names: [name] });
    }
  } else {
    const [types, ...names] = words;
    if (!types) {
      ctx.io.stderr("You must specify the type of resource to get. Use \"kubectl api-resources\" for a complete list of supported resources.\n\nerror: Required resource not specified.\nUse \"kubectl explain <resource>\" for a detailed description of that resource (e.g. kubectl explain pods).\nSee 'kubectl get -h' for help and examples\n");
      return 1;
    }
    for (const w of types.split(',')) {
      const tp = resolve(w);
      if (!tp) return 1;
      requests.push({ tp, word: w, names });
    }
  }
  const ns = namespace ?? 'default';
  const labelOk = selector ? parseLabelSelector(selector) : () => true;
  let status = 0;
  let printed = 0;
  const jsonItems: KObj[] = [];
  const multi = requests.length > 1;
  for (const r of requests) {
    let items: KObj[] = [];
    if (r.names.length) {
      for (const n of r.names) {
        const o = api.find(r.tp, r.tp.namespaced ? ns : undefined, n);
        if (!o) {
          ctx.io.stderr(`Error from server (NotFound): ${r.tp.plural}${r.tp.group ? `.${r.tp.group}` : ''} "${n}" not found\n`);
          status = 1;
        } else items.push(o);
      }
    } else items = api.list(r.tp, r.tp.namespaced && !allNamespaces ? ns : undefined).filter((o) => labelOk(o.metadata.labels));
    items = items.map((o) => api.view(r.tp, o));
    if (items.length === 0) continue;
    printed += items.length;
    if (output === 'name') {
      for (const o of items) ctx.io.stdout(`${r.tp.kind.toLowerCase()}${r.tp.group ? `.${r.tp.group}` : ''}/${o.metadata.name}\n`);
    } else if (output === 'json' || output === 'yaml') jsonItems.push(...items);
    else {
      const table = toTable(r.tp, r.tp.version, items, { include: 'Metadata', tableVersion: 'v1' }) as unknown as Parameters<typeof tableText>[0];
      if (multi) {
        // Several types: each name is prefixed with its type, as kubectl does.
        for (const row of table.rows) row.cells[0] = `${r.tp.kind.toLowerCase()}${r.tp.group ? `.${r.tp.group}` : ''}/${row.cells[0]}`;
      }
      ctx.io.stdout(tableText(table, { wide: output === 'wide', withNamespace: allNamespaces && r.tp.namespaced, noHeaders }));
      if (multi) ctx.io.stdout('\n');
    }
  }
  if (output === 'json' || output === 'yaml') {
    const single = requests.length === 1 && (requests[0] as { names: string[] }).names.length === 1 && jsonItems.length === 1;
    const body = single ? jsonItems[0] : { apiVersion: 'v1', items: jsonItems, kind: 'List', metadata: { resourceVersion: '' } };
    if (jsonItems.length || !single) ctx.io.stdout(output === 'json' ? `${JSON.stringify(body, null, 4)}\n` : stringify(body));
  }
  if (printed === 0 && status === 0 && output !== 'json' && output !== 'yaml') {
    const namespaced = requests.every((r) => r.tp.namespaced);
    ctx.io.stderr(allNamespaces || !namespaced ? 'No resources found\n' : `No resources found in ${ns} namespace.\n`);
  }
  return status;
}
