/**
 * The Tags API at resource-group scope: `/{scope}/providers/Microsoft.Resources/tags/default`
 * (what `@azure/arm-resources`' `tagsOperations.getAtScope/updateAtScope/createOrUpdateAtScope`
 * call). Unlike a PATCH of the group itself, whose `tags` replace the whole set, the Tags API's
 * PATCH takes an operation: "The 'replace' option replaces the entire set of existing tags with a
 * new set. The 'merge' option allows adding tags with new names and updating the values of tags
 * with existing names. The 'delete' option allows selectively deleting tags based on given names
 * or name/value pairs." and "The specified entity can have a maximum of 50 tags at the end of the
 * operation." (https://learn.microsoft.com/en-us/rest/api/resources/tags/updateatscope).
 * Azure answers 200 with the tags wrapper resource; so does the sandbox (no LRO).
 */
import { requireBody, resourceGroupId, resourceGroupNotFound } from '../arm/helpers';
import { ArmError, type ArmRequest, type ArmResource, type ArmRouter, type ProviderDeps } from '../arm/types';
import { RESOURCES_API_VERSIONS } from './api-versions';
import { validateTags } from './resource-groups';

const OPERATIONS = ['Replace', 'Merge', 'Delete'] as const;
type TagsOperation = (typeof OPERATIONS)[number];

/** Tag names are case-insensitive on Azure: the stored key that matches `name`, if any. */
function keyOf(tags: Record<string, string>, name: string): string | undefined {
  return Object.keys(tags).find((k) => k.toLowerCase() === name.toLowerCase());
}

export function applyTagsOperation(current: Record<string, string>, operation: TagsOperation, given: Record<string, string>): Record<string, string> {
  if (operation === 'Replace') return { ...given };
  const out = { ...current };
  for (const [name, value] of Object.entries(given)) {
    const key = keyOf(out, name);
    if (operation === 'Merge') out[key ?? name] = value;
    // A name with a value deletes only that pair. How Azure takes a name alone is not spelt out
    // in the docs; the sandbox reads an empty value as "whatever the value".
    else if (key !== undefined && (value === '' || out[key] === value)) delete out[key];
  }
  return out;
}

function wrapper(rg: ArmResource): Record<string, unknown> {
  return { id: `${rg.id}/providers/Microsoft.Resources/tags/default`, name: 'default', type: 'Microsoft.Resources/tags', properties: { tags: rg.tags ?? {} } };
}

function tagsOfBody(body: Record<string, unknown>): Record<string, string> {
  const props = body.properties;
  if (!props || typeof props !== 'object' || Array.isArray(props)) {
    throw new ArmError(400, 'InvalidRequestContent', "The request content was invalid and could not be deserialized: 'Required property 'properties' not found in JSON.'.");
  }
  return validateTags((props as Record<string, unknown>).tags) ?? {};
}

export function registerTagRoutes(router: ArmRouter, deps: ProviderDeps): void {
  const { store } = deps;
  const group = (req: ArmRequest): ArmResource => {
    const rg = store.getResource(resourceGroupId(req.subscriptionId!, req.params.resourceGroupName!));
    if (!rg) throw resourceGroupNotFound(req.params.resourceGroupName!);
    return rg;
  };
  const save = (rg: ArmResource, tags: Record<string, string>) => {
    if (Object.keys(tags).length > 50) throw new ArmError(400, 'InvalidTagCount', 'The number of tags exceeds the limit of 50.');
    if (Object.keys(tags).length > 0) rg.tags = tags;
    else delete rg.tags;
    return { status: 200, body: wrapper(store.putResource(rg)) };
  };

  router.add({
    methods: ['GET', 'PATCH', 'PUT'],
    pattern: '/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/providers/Microsoft.Resources/tags/default',
    apiVersions: RESOURCES_API_VERSIONS,
    handler: (req) => {
      const rg = group(req);
      if (req.method === 'GET') return { status: 200, body: wrapper(rg) };
      const body = requireBody(req);
      if (req.method === 'PUT') return save(rg, tagsOfBody(body));
      const operation = OPERATIONS.find((o) => o.toLowerCase() === String(body.operation ?? '').toLowerCase());
      if (!operation) {
        throw new ArmError(400, 'InvalidRequestContent', `The request content was invalid and could not be deserialized: 'operation must be one of ${OPERATIONS.join(', ')}'.`);
      }
      return save(rg, applyTagsOperation(rg.tags ?? {}, operation, tagsOfBody(body)));
    },
  });
}
