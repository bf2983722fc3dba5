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

export function loadSpec(path = specPath): Spec {
  return parse(readFileSync(path, 'utf8')) as Spec;
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

/** A `$ref` into the spec that Ajv can resolve, from a JSON pointer such as `#/components/schemas/X`. */
export const specRef = (pointer: string) => `${SPEC_ID}${pointer}`;
