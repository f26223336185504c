/*
 * What a function's bundle has for `jsonschema` (see `plugins.mjs`). ElectroDB checks each
 * entity's model against a JSON Schema when the entity is made: on every cold start, for
 * models fixed in code. Bundled, that check finds nothing wrong; the tests run core with
 * the real `jsonschema`, so a model that fails it still fails them. (CommonJS: ElectroDB
 * requires it.)
 */
class Validator {
  addSchema() {}
  validate() {
    return { errors: [] };
  }
}
// ElectroDB adds its own formats to the prototype's.
Validator.prototype.customFormats = {};
module.exports = { Validator };
