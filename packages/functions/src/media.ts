// Replaced by the real handler; here so the local stack can wire it.
export const handler = async () => ({
  statusCode: 501,
  body: '{"error":{"code":"internal","message":"not built yet"}}',
});
