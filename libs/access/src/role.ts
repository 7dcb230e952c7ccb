/** Who may do what (ARCHITECTURE.md, Access). */
export const roles = ['insurer-clerk', 'auditor', 'medical-institution', 'subscriber', 'admin'] as const;
export type Role = (typeof roles)[number];

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (roles as readonly string[]).includes(value);
}
