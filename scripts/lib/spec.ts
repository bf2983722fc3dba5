// Loads the spec and builds the one Ajv configuration that the generator and the contract tests share, so that a
// schema means the same thing to the shipped validators and to every check.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Ajv2020, type Options } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { parse } from 'yaml';

export const root = fileURLToPath(new URL('../..', import.meta.url));
export const specPath = fileURLToPath(new URL('../../spec/trustframework-keys-v2.yaml', import.meta.url));
export const SPEC_ID = 'urn:tfkey:spec';

export type Spec = Record<string, any>;

const parsed = new Map<string, unknown>();

/**
 * A YAML text, parsed: once per text in a process (the checks, the review and their tests read the same few
 * documents hundreds of times), and a fresh copy to each caller, who may change it.
 */
export function parseYaml(text: string): any {
  if (!parsed.has(text)) parsed.set(text, parse(text));
  return structuredClone(parsed.get(text));
}

export function loadSpec(path = specPath): Spec {
  return parseYaml(readFileSync(path, 'utf8')) as Spec;
}

// OpenAPI's own keywords: declared so that strict mode accepts the document as a schema container and its
// schemas' OpenAPI-only annotations, while still rejecting anything misspelled.
const OPENAPI_KEYWORDS = [
  'openapi', 'info', 'servers', 'security', 'tags', 'paths', 'components', 'webhooks', 'jsonSchemaDialect',
  'externalDocs', 'example', 'discriminator', 'xml',
];

export function createAjv(spec: Spec, options: Options = {}): Ajv2020 {
  const ajv = new Ajv2020({ strict: true, allErrors: true, ...options });
  addFormats.default(ajv);
  ajv.addVocabulary(OPENAPI_KEYWORDS);
  ajv.addSchema({ ...spec, $id: SPEC_ID });
  return ajv;
}

export const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;

/** Follows local `$ref`s (`#/components/...`) until a node that is not a reference. */
export function resolveRef(spec: Spec, node: any): any {
  if (!node?.$ref) return node;
  const target = (node.$ref as string).slice(2).split('/').reduce((o: any, k: string) => o?.[k.replace(/~1/g, '/').replace(/~0/g, '~')], spec);
  if (target === undefined) throw new Error(`unresolvable $ref ${node.$ref}`);
  return resolveRef(spec, target);
}

export interface Operation {
  method: (typeof HTTP_METHODS)[number];
  path: string;
  operationId: string;
  op: any;
  /** Path-item and operation parameters, resolved; the operation's win on (name, in). */
  parameters: any[];
}

export function operations(spec: Spec): Operation[] {
  const out: Operation[] = [];
  for (const [path, item] of Object.entries<any>(spec.paths ?? {})) {
    for (const method of HTTP_METHODS) {
      const op = item[method];
      if (!op) continue;
      const byKey = new Map<string, any>();
      for (const p of [...(item.parameters ?? []), ...(op.parameters ?? [])].map((p: any) => resolveRef(spec, p))) byKey.set(`${p.in}:${p.name}`, p);
      out.push({ method, path, operationId: op.operationId, op, parameters: [...byKey.values()] });
    }
  }
  return out;
}
