// The spec's lint ruleset: Spectral's OpenAPI rules plus the conventions this contract follows.
// `npm run lint:spec` fails on any error. Each tfk-* rule has a failing fixture in test/fixtures/lint/.
import { oas } from '@stoplight/spectral-rulesets';
import { casing, truthy } from '@stoplight/spectral-functions';
import { graphErrorResponses, patchNoContent, pathParameterDocumented, rememberedByValue, securityNamesScope, sharingAjv, withSharedAjv } from './functions.mjs';

const OPERATIONS = '$.paths[*][get,put,post,delete,options,head,patch,trace]';

/** Spectral's example rule, as an error, its findings remembered by value (see rememberedByValue), with shared Ajv. */
function exampleRule(name) {
  const rule = oas.rules[name];
  return { ...rule, severity: 'error', then: { ...rule.then, function: rememberedByValue(sharingAjv(rule.then.function)) } };
}

/** Spectral's other recommended rules that validate with Ajv, as they are but sharing it across documents. */
const AJV_RULES = ['duplicated-entry-in-enum', 'operation-tags', 'oas2-api-schemes', 'oas2-valid-schema-example', 'oas2-valid-media-example', 'oas3-api-servers', 'oas3_2-no-deprecated-xml-attribute'];

export default {
  extends: [[oas, 'recommended']],
  // The inherited rules redefined below (AJV_RULES) name their targets by the OpenAPI ruleset's aliases.
  aliases: oas.aliases,
  rules: {
    ...Object.fromEntries(AJV_RULES.map((name) => [name, withSharedAjv(oas.rules[name])])),
    // Spectral and Redocly only warn on examples that break their schema; here they fail the lint.
    'oas3-valid-media-example': exampleRule('oas3-valid-media-example'),
    'oas3-valid-schema-example': exampleRule('oas3-valid-schema-example'),
    'operation-operationId': 'error',
    'tfk-graph-error-responses': {
      description: 'Every operation documents 4XX and 5XX, and every error response is the Graph error body.',
      message: '{{error}}',
      severity: 'error',
      given: OPERATIONS,
      then: { function: graphErrorResponses },
    },
    'tfk-patch-204-no-content': {
      description: 'A PATCH succeeds with 204 and no content, and documents no other success.',
      message: '{{error}}',
      severity: 'error',
      given: '$.paths[*].patch.responses',
      then: { function: patchNoContent },
    },
    'tfk-path-parameter-documented': {
      description: 'Every path parameter has a description and an example.',
      message: '{{error}}',
      severity: 'error',
      given: ['$.paths[*].parameters[*]', `${OPERATIONS}.parameters[*]`],
      then: { function: pathParameterDocumented },
    },
    'tfk-operation-id-camel-case': {
      description: 'operationIds are present and camelCase.',
      message: '{{error}}',
      severity: 'error',
      given: OPERATIONS,
      then: [
        { field: 'operationId', function: truthy },
        { field: 'operationId', function: casing, functionOptions: { type: 'camel' } },
      ],
    },
    'tfk-security-names-scope': {
      description: 'Every operation’s security requirement names a scope its OAuth2 scheme declares.',
      message: '{{error}}',
      severity: 'error',
      given: '$',
      resolved: false,
      then: { function: securityNamesScope },
    },
  },
};
