// Jest cannot require() ES modules, and @fastify/static (Swagger UI's file server) requires the
// ESM-only content-disposition@3. Node >= 20.19 can, so only the tests map it to the CJS 1.x release
// with the same functions.
const cd = require('content-disposition-cjs');
module.exports = { create: cd, parse: cd.parse };
