/** A UUID in its canonical text form (any version), as PostgreSQL's uuid type accepts. */
export { UUID_PATTERN } from '@jobmill/contracts';
