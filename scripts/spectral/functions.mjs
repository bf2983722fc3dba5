// Custom Spectral functions for this contract's conventions. Each returns [{ message, path? }] for what is wrong.
// Written as plain ESM so that both the Spectral CLI and the tests load them without a build step.

const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];
const isSuccess = (code) => /^2(\d\d|XX)$/.test(code);
const isError = (code) => /^[45](\d\d|XX)$/.test(code);

/** The Graph error body: an object whose `error` has required `code` and `message` (ODataError → MainError). */
function isGraphErrorSchema(schema) {
  const main = schema?.properties?.error;
  return Boolean(schema?.required?.includes('error') && main?.required?.includes('code') && main?.required?.includes('message'));
}

/** Every operation documents 4XX and 5XX, and every error response carries the Graph error body as JSON. */
export function graphErrorResponses(operation, _opts, { path }) {
  const responses = operation?.responses ?? {};
  const out = [];
  for (const range of ['4XX', '5XX']) {
    if (!responses[range]) out.push({ message: `the operation must document ${range} with the Graph error body`, path: [...path, 'responses'] });
  }
  for (const [code, response] of Object.entries(responses)) {
    if (!isError(code)) continue;
    const schema = response?.content?.['application/json']?.schema;
    if (!isGraphErrorSchema(schema)) out.push({ message: `${code} must carry the Graph error body (ODataError: error.code, error.message) as application/json`, path: [...path, 'responses', code] });
  }
  return out;
}

/** A PATCH succeeds with 204 and no content, and documents no other success. */
export function patchNoContent(responses, _opts, { path }) {
  const out = [];
  if (!responses?.['204']) out.push({ message: 'a PATCH must document 204 No Content as its success', path });
  else if (responses['204'].content) out.push({ message: '204 must not have content', path: [...path, '204', 'content'] });
  for (const code of Object.keys(responses ?? {})) {
    if (isSuccess(code) && code !== '204') out.push({ message: `a PATCH documents 204 only as its success, not ${code}`, path: [...path, code] });
  }
  return out;
}

/** A path parameter has a description and an example. */
export function pathParameterDocumented(parameter, _opts, { path }) {
  if (parameter?.in !== 'path') return [];
  const out = [];
  if (!parameter.description?.trim()) out.push({ message: `path parameter "${parameter.name}" needs a description`, path });
  if (parameter.example === undefined && !parameter.examples) out.push({ message: `path parameter "${parameter.name}" needs an example`, path });
  return out;
}

/** Every operation's security requirement names at least one scope its OAuth2 scheme declares. */
export function securityNamesScope(document) {
  const schemes = document?.components?.securitySchemes ?? {};
  const out = [];
  for (const [route, item] of Object.entries(document?.paths ?? {})) {
    for (const method of HTTP_METHODS) {
      const op = item?.[method];
      if (!op) continue;
      const at = op.security ? ['paths', route, method, 'security'] : ['security'];
      const requirements = op.security ?? document.security ?? [];
      if (requirements.length === 0) out.push({ message: `${method.toUpperCase()} ${route} has no security requirement`, path: ['paths', route, method] });
      for (const requirement of requirements) {
        for (const [name, scopes] of Object.entries(requirement)) {
          const scheme = schemes[name];
          if (!scheme) {
            out.push({ message: `security scheme "${name}" is not declared`, path: at });
            continue;
          }
          if (scheme.type !== 'oauth2') continue;
          const declared = new Set(Object.values(scheme.flows ?? {}).flatMap((f) => Object.keys(f?.scopes ?? {})));
          if (!scopes?.length) out.push({ message: `${method.toUpperCase()} ${route}: the requirement on "${name}" must name the scope it needs`, path: at });
          for (const s of scopes ?? []) if (!declared.has(s)) out.push({ message: `scope "${s}" is not declared by "${name}"`, path: at });
        }
      }
    }
  }
  return out;
}

/**
 * A rule function that validates with Spectral's schema function, sharing Ajv across documents. That function keeps
 * its Ajv instances per document (a WeakMap on the document's inventory), so each document linted builds them again,
 * about 50 ms each with their formats and meta-schemas, and compiles each rule's schema again. Judged with this in
 * place of the inventory (which the schema function uses for nothing else), the documents share one set, and a
 * rule's own schema compiles once. Ajv also keeps schemas by `$id` (and anchors), which two documents may give to
 * different schemas: a value or an option with one in it is judged with its own document's instances.
 */
const SHARED_AJV = Object.freeze({ sharedBy: 'sharingAjv' });

export function sharingAjv(fn) {
  return function sharing(targetVal, opts, context) {
    let own;
    try {
      own = /"\$(id|anchor|dynamicAnchor)"/.test(JSON.stringify([targetVal, opts]));
    } catch {
      own = true;
    }
    return fn(targetVal, opts, own ? context : { ...context, documentInventory: SHARED_AJV });
  };
}

/** A rule whose functions share Ajv across documents (see sharingAjv). */
export function withSharedAjv(rule) {
  const share = (then) => ({ ...then, function: sharingAjv(then.function) });
  return { ...rule, then: Array.isArray(rule.then) ? rule.then.map(share) : share(rule.then) };
}

/**
 * A rule function remembered by value: its findings for a value it has judged before, at the same path in a
 * document of the same format, without judging again. For Spectral's example rules, which compile each example's
 * schema afresh on every run (they copy it first, so Ajv's own cache never hits): a review lints the base and the
 * head, and a test run lints dozens of planted variants of one spec, mostly the same examples. What the function
 * reads is in the key; a value that cannot be written as JSON (a cycle) is judged every time.
 */
export function rememberedByValue(fn) {
  const found = new Map();
  return function remembered(targetVal, opts, context) {
    let key;
    try {
      key = JSON.stringify([targetVal, opts, context.path, [...(context.document.formats ?? [])].map((f) => f.displayName), context.document.data?.jsonSchemaDialect]);
    } catch {
      return fn(targetVal, opts, context);
    }
    if (!found.has(key)) found.set(key, fn(targetVal, opts, context));
    return structuredClone(found.get(key));
  };
}
