/** Who is acting: the engine needs only an id and role names. */
export interface Actor {
  id: number;
  username?: string;
  roles: readonly string[];
}

export const ADMIN_ROLE = 'admin';

export function isAdmin(actor: Actor | null | undefined): boolean {
  return !!actor && actor.roles.includes(ADMIN_ROLE);
}
