// The helpers moved to src/secrets.ts (auth, setup and tracking all use them); kept here for auth's own files.
export { digest, newSecret } from '../../secrets.js';
