/** Orca's release version; a test keeps it equal to package.json's. */
export const orcaVersion = '0.1.0';
/** Version of the orca.v1 wire API. */
export const apiVersion = 1;
