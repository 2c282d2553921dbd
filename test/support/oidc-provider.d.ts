// oidc-provider ships no type declarations (the test identity provider, test/support/oidc.ts, is its only user).
declare module 'oidc-provider';
