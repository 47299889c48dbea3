/** Type additions for Express, express-session and passport. */
declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Express {
    /** The signed-in user, as passport puts it on the request. */
    interface User {
      id: number;
      username: string;
      displayName: string;
      roles: string[];
    }
  }
}

declare module 'express-session' {
  interface SessionData {
    /** A one-time confirmation shown on the next page. */
    flash?: string;
    /** When the user logged in (ms since epoch), for the absolute timeout. */
    loginAt?: number;
  }
}

export {};
