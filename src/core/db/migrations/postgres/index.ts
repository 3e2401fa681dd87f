export const POSTGRES_MIGRATIONS: Function[] = []
