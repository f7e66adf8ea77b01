/** The admin the browser tests' server is started with (a throwaway database, never a real deployment). */
export const E2E_ADMIN = { email: 'admin@comeback.test', password: 'e2e-Admin-password-42' };
