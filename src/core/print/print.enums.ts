/** Enumerations of this feature: no imports, so the renderer imports them as values (issue 9). */
export const PAPERS = ['A4', 'A5', 'dot2', 'dot3'] as const
export type Paper = (typeof PAPERS)[number]
