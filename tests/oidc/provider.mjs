// The real OpenID provider (panva's oidc-provider, certified) the OIDC tests start on
// loopback. Configuration only: one client, accounts whose groups come from
// OIDC_TEST_ACCOUNTS, and the package's own development sign-in pages (any password).
//
//   OIDC_TEST_PORT=0 OIDC_TEST_REDIRECT=http://127.0.0.1:8000/auth/callback \
//   OIDC_TEST_ACCOUNTS='{"anna": ["planassist-admins"]}' node provider.mjs
// prints "listening <issuer>" once it accepts connections.
import Provider from 'oidc-provider';

const port = Number(process.env.OIDC_TEST_PORT || 0);
const accounts = JSON.parse(process.env.OIDC_TEST_ACCOUNTS || '{}');

async function findAccount(ctx, id) {
  return {
    accountId: id,
    async claims() {
      return { sub: id, name: id, email: `${id}@example.org`, groups: accounts[id] || [] };
    },
  };
}

function configuration(issuer) {
  return {
    clients: [{
      client_id: process.env.OIDC_TEST_CLIENT_ID || 'planassist',
      client_secret: process.env.OIDC_TEST_CLIENT_SECRET || 'planassist-test-secret',
      redirect_uris: [process.env.OIDC_TEST_REDIRECT],
      grant_types: ['authorization_code'],
      response_types: ['code'],
    }],
    claims: { openid: ['sub'], profile: ['name'], email: ['email'], groups: ['groups'] },
    scopes: ['openid', 'profile', 'email', 'groups'],
    conformIdTokenClaims: false, // the groups go into the ID token the client reads
    cookies: { keys: ['only-for-tests'] },
    findAccount,
    features: { devInteractions: { enabled: true } },
  };
}

const server = (await import('node:http')).createServer();
server.listen(port, '127.0.0.1', () => {
  const issuer = `http://127.0.0.1:${server.address().port}`;
  const provider = new Provider(issuer, configuration(issuer));
  server.on('request', provider.callback());
  console.log(`listening ${issuer}`);
});
