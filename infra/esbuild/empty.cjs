/* What ElectroDB's `require("@aws-sdk/lib-dynamodb")` finds in a function's bundle (see `plugins.mjs`). */
module.exports = {};
