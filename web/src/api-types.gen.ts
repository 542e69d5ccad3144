/**
 * GENERATED from the server's OpenAPI document by scripts/gen-api-types.ts — do not edit by hand.
 * Regenerate with `npm run gen:api-types` after changing a route's schema; `npm test` fails when this file drifts.
 */
export interface paths {
    "/.well-known/jwks.json": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The public keys that verify Gatehouse visas and passports: the signing key and retired keys until their last visa expires */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description RFC 9457 problem document */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            keys: {
                                /** @enum {string} */
                                alg: "ES256";
                                /** @enum {string} */
                                crv: "P-256";
                                kid: string;
                                /** @enum {string} */
                                kty: "EC";
                                /** @enum {string} */
                                use: "sig";
                                x: string;
                                y: string;
                            }[];
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/access-approvals": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Approvals, newest first (ACT; reviewers for their ARs; anyone for their own) */
        get: {
            parameters: {
                query?: {
                    accessorId?: number;
                    accessRequirementId?: number;
                    limit?: number;
                    offset?: number;
                    state?: "APPROVED" | "REVOKED";
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description RFC 9457 problem document */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: {
                                accessorId: number;
                                accessorName: string;
                                accessRequirementId: number;
                                accessRequirementVersion: number;
                                /** Format: date-time */
                                createdOn: string;
                                expiresOn: string | null;
                                id: number;
                                modifiedBy: number | null;
                                /** Format: date-time */
                                modifiedOn: string;
                                revokedReason: string | null;
                                /** @description act (granted by ACT), self (click-wrap), request (a data access request) */
                                source: string;
                                state: "APPROVED" | "REVOKED";
                                submitterId: number;
                            }[];
                            limit: number;
                            offset: number;
                            /** @description How many items match, on all pages */
                            total: number;
                        };
                    };
                };
            };
        };
        put?: never;
        /** Approve a user for an access requirement (ACT); the user is told */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        accessorId: number;
                        accessRequirementId: number;
                        expiresOn?: string | null;
                    };
                };
            };
            responses: {
                /** @description RFC 9457 problem document */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            accessorId: number;
                            accessorName: string;
                            accessRequirementId: number;
                            accessRequirementVersion: number;
                            /** Format: date-time */
                            createdOn: string;
                            expiresOn: string | null;
                            id: number;
                            modifiedBy: number | null;
                            /** Format: date-time */
                            modifiedOn: string;
                            revokedReason: string | null;
                            /** @description act (granted by ACT), self (click-wrap), request (a data access request) */
                            source: string;
                            state: "APPROVED" | "REVOKED";
                            submitterId: number;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/access-approvals/{id}/revoke": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Revoke one approval (ACT); the accessor's other approvals stay; the accessor is told the reason */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        reason: string;
                    };
                };
            };
            responses: {
                /** @description RFC 9457 problem document */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            accessorId: number;
                            accessorName: string;
                            accessRequirementId: number;
                            accessRequirementVersion: number;
                            /** Format: date-time */
                            createdOn: string;
                            expiresOn: string | null;
                            id: number;
                            modifiedBy: number | null;
                            /** Format: date-time */
                            modifiedOn: string;
                            revokedReason: string | null;
                            /** @description act (granted by ACT), self (click-wrap), request (a data access request) */
                            source: string;
                            state: "APPROVED" | "REVOKED";
                            submitterId: number;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/access-requirements": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Access requirements, by id; filter by type or by what they are bound to */
        get: {
            parameters: {
                query?: {
                    limit?: number;
                    offset?: number;
                    /** @description Bound directly to this entity (syn123) or team */
                    subjectId?: string;
                    subjectType?: "entity" | "team";
                    type?: "TermsOfUse" | "SelfSign" | "ManagedACT" | "Lock";
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description RFC 9457 problem document */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: {
                                createdBy: number | null;
                                /** Format: date-time */
                                createdOn: string;
                                description: string;
                                /** @description Send it back with an update; it changes with every change */
                                etag: string;
                                id: number;
                                modifiedBy: number | null;
                                /** Format: date-time */
                                modifiedOn: string;
                                name: string;
                                restrictionLevel: "OPEN" | "RESTRICTED_BY_TERMS_OF_USE" | "CONTROLLED_BY_ACT";
                                /** @description Per type: TermsOfUse {requires2fa}; SelfSign {certifiedRequired, validatedRequired, requires2fa}; ManagedACT {certifiedRequired, validatedRequired, ducRequired, ducTemplateBlobId, irbRequired, attachmentsRequired, expirationDays (0 = never), iduRequired, iduPublic, requires2fa, instructions}; Lock {}. Unknown keys are refused. */
                                settings: {
                                    [key: string]: unknown;
                                };
                                subjects: {
                                    /** @description An entity id (syn123) or a team id */
                                    id: string | number;
                                    name?: string | null;
                                    path?: string | null;
                                    type: "entity" | "team";
                                }[];
                                /** @description Click-wrap text (TermsOfUse, SelfSign), instructions (ManagedACT), reason (Lock) */
                                terms: string;
                                type: "TermsOfUse" | "SelfSign" | "ManagedACT" | "Lock";
                                /** @description Goes up by one with every update of the text or settings */
                                version: number;
                            }[];
                            limit: number;
                            offset: number;
                            /** @description How many items match, on all pages */
                            total: number;
                        };
                    };
                };
            };
        };
        put?: never;
        /** Create an access requirement (ACT), optionally bound at once */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        description?: string;
                        name: string;
                        /** @description Per type: TermsOfUse {requires2fa}; SelfSign {certifiedRequired, validatedRequired, requires2fa}; ManagedACT {certifiedRequired, validatedRequired, ducRequired, ducTemplateBlobId, irbRequired, attachmentsRequired, expirationDays (0 = never), iduRequired, iduPublic, requires2fa, instructions}; Lock {}. Unknown keys are refused. */
                        settings?: {
                            [key: string]: unknown;
                        };
                        /** @description Bind at once to these entities or teams */
                        subjects?: {
                            /** @description An entity id (syn123) or a team id */
                            id: string | number;
                            type: "entity" | "team";
                        }[];
                        terms?: string;
                        type: "TermsOfUse" | "SelfSign" | "ManagedACT" | "Lock";
                    };
                };
            };
            responses: {
                /** @description RFC 9457 problem document */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            createdBy: number | null;
                            /** Format: date-time */
                            createdOn: string;
                            description: string;
                            /** @description Send it back with an update; it changes with every change */
                            etag: string;
                            id: number;
                            modifiedBy: number | null;
                            /** Format: date-time */
                            modifiedOn: string;
                            name: string;
                            restrictionLevel: "OPEN" | "RESTRICTED_BY_TERMS_OF_USE" | "CONTROLLED_BY_ACT";
                            /** @description Per type: TermsOfUse {requires2fa}; SelfSign {certifiedRequired, validatedRequired, requires2fa}; ManagedACT {certifiedRequired, validatedRequired, ducRequired, ducTemplateBlobId, irbRequired, attachmentsRequired, expirationDays (0 = never), iduRequired, iduPublic, requires2fa, instructions}; Lock {}. Unknown keys are refused. */
                            settings: {
                                [key: string]: unknown;
                            };
                            subjects: {
                                /** @description An entity id (syn123) or a team id */
                                id: string | number;
                                name?: string | null;
                                path?: string | null;
                                type: "entity" | "team";
                            }[];
                            /** @description Click-wrap text (TermsOfUse, SelfSign), instructions (ManagedACT), reason (Lock) */
                            terms: string;
                            type: "TermsOfUse" | "SelfSign" | "ManagedACT" | "Lock";
                            /** @description Goes up by one with every update of the text or settings */
                            version: number;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/access-requirements/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One access requirement, with its current text and bindings */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description Access requirement id */
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description RFC 9457 problem document */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            createdBy: number | null;
                            /** Format: date-time */
                            createdOn: string;
                            description: string;
                            /** @description Send it back with an update; it changes with every change */
                            etag: string;
                            id: number;
                            modifiedBy: number | null;
                            /** Format: date-time */
                            modifiedOn: string;
                            name: string;
                            restrictionLevel: "OPEN" | "RESTRICTED_BY_TERMS_OF_USE" | "CONTROLLED_BY_ACT";
                            /** @description Per type: TermsOfUse {requires2fa}; SelfSign {certifiedRequired, validatedRequired, requires2fa}; ManagedACT {certifiedRequired, validatedRequired, ducRequired, ducTemplateBlobId, irbRequired, attachmentsRequired, expirationDays (0 = never), iduRequired, iduPublic, requires2fa, instructions}; Lock {}. Unknown keys are refused. */
                            settings: {
                                [key: string]: unknown;
                            };
                            subjects: {
                                /** @description An entity id (syn123) or a team id */
                                id: string | number;
                                name?: string | null;
                                path?: string | null;
                                type: "entity" | "team";
                            }[];
                            /** @description Click-wrap text (TermsOfUse, SelfSign), instructions (ManagedACT), reason (Lock) */
                            terms: string;
                            type: "TermsOfUse" | "SelfSign" | "ManagedACT" | "Lock";
                            /** @description Goes up by one with every update of the text or settings */
                            version: number;
                        };
                    };
                };
            };
        };
        /** Update an access requirement (ACT): a new version; needs the current etag (412 when stale) */
        put: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description Access requirement id */
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        description?: string;
                        /** @description The etag of the version the change is based on */
                        etag: string;
                        name?: string;
                        /** @description Laid over the current settings */
                        settings?: {
                            [key: string]: unknown;
                        };
                        terms?: string;
                        type?: "TermsOfUse" | "SelfSign" | "ManagedACT" | "Lock";
                    };
                };
            };
            responses: {
                /** @description RFC 9457 problem document */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            createdBy: number | null;
                            /** Format: date-time */
                            createdOn: string;
                            description: string;
                            /** @description Send it back with an update; it changes with every change */
                            etag: string;
                            id: number;
                            modifiedBy: number | null;
                            /** Format: date-time */
                            modifiedOn: string;
                            name: string;
                            restrictionLevel: "OPEN" | "RESTRICTED_BY_TERMS_OF_USE" | "CONTROLLED_BY_ACT";
                            /** @description Per type: TermsOfUse {requires2fa}; SelfSign {certifiedRequired, validatedRequired, requires2fa}; ManagedACT {certifiedRequired, validatedRequired, ducRequired, ducTemplateBlobId, irbRequired, attachmentsRequired, expirationDays (0 = never), iduRequired, iduPublic, requires2fa, instructions}; Lock {}. Unknown keys are refused. */
                            settings: {
                                [key: string]: unknown;
                            };
                            subjects: {
                                /** @description An entity id (syn123) or a team id */
                                id: string | number;
                                name?: string | null;
                                path?: string | null;
                                type: "entity" | "team";
                            }[];
                            /** @description Click-wrap text (TermsOfUse, SelfSign), instructions (ManagedACT), reason (Lock) */
                            terms: string;
                            type: "TermsOfUse" | "SelfSign" | "ManagedACT" | "Lock";
                            /** @description Goes up by one with every update of the text or settings */
                            version: number;
                        };
                    };
                };
            };
        };
        post?: never;
        /** Delete an access requirement (ACT); it stops applying at once */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description Access requirement id */
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description RFC 9457 problem document */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/access-requirements/{id}/accept": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Approve myself for a TermsOfUse or SelfSign access requirement (click-wrap) after reading its text: send the version read; 409 TERMS_CHANGED (with the current text) when it is not the version in force, 400 without it */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description Access requirement id */
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description Required (400 naming body.version without it; left optional here so that the refusal names it): the AR's version whose text (and, for SelfSign, tier conditions) the user read */
                        version?: number;
                    } | null;
                };
            };
            responses: {
                /** @description RFC 9457 problem document */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            accessorId: number;
                            accessorName: string;
                            accessRequirementId: number;
                            accessRequirementVersion: number;
                            /** Format: date-time */
                            createdOn: string;
                            expiresOn: string | null;
                            id: number;
                            modifiedBy: number | null;
                            /** Format: date-time */
                            modifiedOn: string;
                            revokedReason: string | null;
                            /** @description act (granted by ACT), self (click-wrap), request (a data access request) */
                            source: string;
                            state: "APPROVED" | "REVOKED";
                            submitterId: number;
                        };
                    };
                };
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            accessorId: number;
                            accessorName: string;
                            accessRequirementId: number;
                            accessRequirementVersion: number;
                            /** Format: date-time */
                            createdOn: string;
                            expiresOn: string | null;
                            id: number;
                            modifiedBy: number | null;
                            /** Format: date-time */
                            modifiedOn: string;
                            revokedReason: string | null;
                            /** @description act (granted by ACT), self (click-wrap), request (a data access request) */
                            source: string;
                            state: "APPROVED" | "REVOKED";
                            submitterId: number;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/access-requirements/{id}/accessors": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Who holds an approval for the access requirement now, since when and until when (ACT, reviewers) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description RFC 9457 problem document */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            accessRequirementId: number;
                            items: {
                                expiresOn: string | null;
                                requestIds: number[];
                                since: string;
                                sources: string[];
                                user: {
                                    displayName: string;
                                    id: number;
                                    isCertified: boolean;
                                    isValidated: boolean;
                                    username: string;
                                };
                            }[];
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/access-requirements/{id}/acl": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The AR's own ACL: REVIEW_SUBMISSIONS and EXEMPTION_ELIGIBLE (ACT and reviewers) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description Access requirement id */
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description RFC 9457 problem document */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            accessRequirementId: number;
                            entries: {
                                accessTypes: ("REVIEW_SUBMISSIONS" | "EXEMPTION_ELIGIBLE")[];
                                principalId: number;
                                principalName: string;
                                principalType: "user" | "team" | "group" | "special";
                            }[];
                        };
                    };
                };
            };
        };
        /** Replace the AR's own ACL (ACT); takes effect on the next decision */
        put: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description Access requirement id */
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        entries: {
                            accessTypes: ("REVIEW_SUBMISSIONS" | "EXEMPTION_ELIGIBLE")[];
                            principalId: number;
                        }[];
                    };
                };
            };
            responses: {
                /** @description RFC 9457 problem document */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            accessRequirementId: number;
                            entries: {
                                accessTypes: ("REVIEW_SUBMISSIONS" | "EXEMPTION_ELIGIBLE")[];
                                principalId: number;
                                principalName: string;
                                principalType: "user" | "team" | "group" | "special";
                            }[];
                        };
                    };
                };
            };
        };
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/access-requirements/{id}/approved-uses": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Approved uses, newest first (public, for ARs whose intended data use is public); ?format=csv for CSV */
        get: {
            parameters: {
                query?: {
                    format?: "json" | "csv";
                    limit?: number;
                    offset?: number;
                };
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description RFC 9457 problem document */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: {
                                /** Format: date-time */
                                approvedOn: string;
                                institution: string;
                                intendedDataUse: string;
                                studyLead: string;
                            }[];
                            limit: number;
                            offset: number;
                            /** @description How many items match, on all pages */
                            total: number;
                        } & {
                            accessRequirementId: number;
                            accessRequirementName: string;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/access-requirements/{id}/exports/attachments": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One zip of every DUC and attachment of the AR's submissions in the period, with index.csv (ACT, reviewers) */
        get: {
            parameters: {
                query: {
                    /** @description Start of the period (inclusive): a date (UTC midnight) or a date-time */
                    from: string;
                    /** @description End of the period (exclusive): a date (UTC midnight) or a date-time */
                    to: string;
                };
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description RFC 9457 problem document */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/access-requirements/{id}/exports/requests": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** CSV of the requests submitted in the period, one row per version, with every answer (ACT, reviewers) */
        get: {
            parameters: {
                query: {
                    /** @description Start of the period (inclusive): a date (UTC midnight) or a date-time */
                    from: string;
                    /** @description End of the period (exclusive): a date (UTC midnight) or a date-time */
                    to: string;
                };
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description RFC 9457 problem document */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/access-requirements/{id}/form": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The request form of a ManagedACT access requirement (designer view for ACT; ?as=requestor previews it as a requestor sees it) */
        get: {
            parameters: {
                query?: {
                    as?: "requestor";
                    /** @description A past version of the form */
                    version?: number;
                };
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description RFC 9457 problem document */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            accessorRules: {
                                certifiedRequired: boolean;
                                validatedRequired: boolean;
                            };
                            accessRequirementId: number;
                            accessRequirementName: string;
                            ducTemplate: {
                                blobId: number;
                                downloadUrl: string;
                                fileName: string;
                            } | null;
                            etag: string | null;
                            /** @description 0 = approvals never expire */
                            expirationDays: number;
                            fields: {
                                /** @description Always present (follows the AR settings); not edited in the designer */
                                builtin: boolean;
                                /** @description Shown to requestors */
                                description: string;
                                /** @description Stable within the form; answers are keyed by it */
                                key: string;
                                label: string;
                                /** @description Fields are required unless optional */
                                optional: boolean;
                                /** @description Choices of single-choice and multiple-choice fields */
                                options: string[];
                                /** @description Shown, not answered (the data requestor) */
                                readOnly: boolean;
                                templateId: number | null;
                                type: "short-text" | "long-text" | "date" | "email" | "single-choice" | "multiple-choice" | "yes-no" | "attachment" | "user-list";
                            }[];
                            iduPublic: boolean;
                            instructions: string;
                            /** @description A request answers this version: saving a change makes a new version */
                            inUse: boolean;
                            modifiedBy: number | null;
                            modifiedOn: string | null;
                            reminderDays: number;
                            secondReminderDays: number | null;
                            /** @description 0 until ACT saves the form or a request opens it */
                            version: number;
                            view: "designer" | "requestor";
                        };
                    };
                };
            };
        };
        /** Design the request form (ACT): instructions, custom and library fields in order, reminders. A form in use gets a new version */
        put: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        etag?: string;
                        /** @description ACT's own fields, in order (the fields always present are not sent) */
                        fields: {
                            description?: string;
                            /** @description Send back the key of an existing field; leave out for a new one */
                            key?: string;
                            label?: string;
                            optional?: boolean;
                            options?: string[];
                            templateId?: number | null;
                            type?: "short-text" | "long-text" | "date" | "email" | "single-choice" | "multiple-choice" | "yes-no" | "attachment" | "user-list";
                        }[];
                        instructions?: string;
                        reminderDays?: number;
                        secondReminderDays?: number | null;
                    };
                };
            };
            responses: {
                /** @description RFC 9457 problem document */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            accessorRules: {
                                certifiedRequired: boolean;
                                validatedRequired: boolean;
                            };
                            accessRequirementId: number;
                            accessRequirementName: string;
                            ducTemplate: {
                                blobId: number;
                                downloadUrl: string;
                                fileName: string;
                            } | null;
                            etag: string | null;
                            /** @description 0 = approvals never expire */
                            expirationDays: number;
                            fields: {
                                /** @description Always present (follows the AR settings); not edited in the designer */
                                builtin: boolean;
                                /** @description Shown to requestors */
                                description: string;
                                /** @description Stable within the form; answers are keyed by it */
                                key: string;
                                label: string;
                                /** @description Fields are required unless optional */
                                optional: boolean;
                                /** @description Choices of single-choice and multiple-choice fields */
                                options: string[];
                                /** @description Shown, not answered (the data requestor) */
                                readOnly: boolean;
                                templateId: number | null;
                                type: "short-text" | "long-text" | "date" | "email" | "single-choice" | "multiple-choice" | "yes-no" | "attachment" | "user-list";
                            }[];
                            iduPublic: boolean;
                            instructions: string;
                            /** @description A request answers this version: saving a change makes a new version */
                            inUse: boolean;
                            modifiedBy: number | null;
                            modifiedOn: string | null;
                            reminderDays: number;
                            secondReminderDays: number | null;
                            /** @description 0 until ACT saves the form or a request opens it */
                            version: number;
                            view: "designer" | "requestor";
                        };
                    };
                };
            };
        };
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/access-requirements/{id}/form/duc-template": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Download the DUC template of the access requirement (signed-in users) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description RFC 9457 problem document */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        /** Upload the DUC template of a ManagedACT access requirement (ACT; multipart/form-data: the AR's etag, then the file). A new AR version */
        put: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description RFC 9457 problem document */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            accessRequirementId: number;
                            ducTemplateBlobId: number;
                            etag: string;
                            fileName: string;
                            version: number;
                        };
                    };
                };
            };
        };
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/access-requirements/{id}/form/versions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Every version of the form, newest first (ACT and reviewers) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description RFC 9457 problem document */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: {
                                customFields: number;
                                modifiedBy: number | null;
                                modifiedOn: string;
                                version: number;
                            }[];
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/access-requirements/{id}/my-conditions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Which conditions of this access requirement I meet (certified, validated, 2FA, terms or approval) and my request, apart from any entity */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description Access requirement id */
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description RFC 9457 problem document */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            accessRequirementId: number;
                            conditions: {
                                /** @enum {string} */
                                kind: "certified" | "validated" | "twoFactor" | "termsAccepted" | "approved" | "unlocked";
                                met: boolean;
                            }[];
                            exempt: boolean;
                            /** @description Every condition below is met, or the viewer is exempt or uploaded the file */
                            met: boolean;
                            /** @description The newest data access request the viewer made or is an accessor of, for a ManagedACT requirement */
                            request: {
                                /** @description When an approval through it ends; null while not approved or when it never ends */
                                expiresAt: string | null;
                                id: number;
                                /** @enum {string} */
                                state: "DRAFT" | "SUBMITTED" | "APPROVED" | "REJECTED" | "CANCELLED" | "EXPIRED" | "REVOKED" | "RETURNED";
                            } | null;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/access-requirements/{id}/request-rules": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The access requirement's automatic handling of submissions (ACT) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description RFC 9457 problem document */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            accessRequirementId: number;
                            /** @description Approve on submission when every accessor is validated and nobody is blocked */
                            approveWhenValidated: boolean;
                            /** @description Record and reject a submission naming a blocked user (instead of refusing it) */
                            rejectWhenBlocked: boolean;
                        };
                    };
                };
            };
        };
        /** Set the access requirement's automatic handling of submissions (ACT); decisions it takes are recorded as the system's, with the rule */
        put: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        approveWhenValidated?: boolean;
                        rejectWhenBlocked?: boolean;
                    };
                };
            };
            responses: {
                /** @description RFC 9457 problem document */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            accessRequirementId: number;
                            /** @description Approve on submission when every accessor is validated and nobody is blocked */
                            approveWhenValidated: boolean;
                            /** @description Record and reject a submission naming a blocked user (instead of refusing it) */
                            rejectWhenBlocked: boolean;
                        };
                    };
                };
            };
        };
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/access-requirements/{id}/status": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Whether I am approved for this access requirement, until when, and my approvals */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description Access requirement id */
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description RFC 9457 problem document */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            accessRequirementId: number;
                            accessRequirementVersion: number;
                            approvals: {
                                accessorId: number;
                                accessorName: string;
                                accessRequirementId: number;
                                accessRequirementVersion: number;
                                /** Format: date-time */
                                createdOn: string;
                                expiresOn: string | null;
                                id: number;
                                modifiedBy: number | null;
                                /** Format: date-time */
                                modifiedOn: string;
                                revokedReason: string | null;
                                /** @description act (granted by ACT), self (click-wrap), request (a data access request) */
                                source: string;
                                state: "APPROVED" | "REVOKED";
                                submitterId: number;
                            }[];
                            expiresOn: string | null;
                            /** @description I hold an APPROVED, unexpired approval (never for a Lock) */
                            isApproved: boolean;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/access-requirements/{id}/subjects": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Bind to an entity (applies to it and everything below) or to a team (must be met to join) (ACT) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description Access requirement id */
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description An entity id (syn123) or a team id */
                        id: string | number;
                        type: "entity" | "team";
                    };
                };
            };
            responses: {
                /** @description RFC 9457 problem document */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            createdBy: number | null;
                            /** Format: date-time */
                            createdOn: string;
                            description: string;
                            /** @description Send it back with an update; it changes with every change */
                            etag: string;
                            id: number;
                            modifiedBy: number | null;
                            /** Format: date-time */
                            modifiedOn: string;
                            name: string;
                            restrictionLevel: "OPEN" | "RESTRICTED_BY_TERMS_OF_USE" | "CONTROLLED_BY_ACT";
                            /** @description Per type: TermsOfUse {requires2fa}; SelfSign {certifiedRequired, validatedRequired, requires2fa}; ManagedACT {certifiedRequired, validatedRequired, ducRequired, ducTemplateBlobId, irbRequired, attachmentsRequired, expirationDays (0 = never), iduRequired, iduPublic, requires2fa, instructions}; Lock {}. Unknown keys are refused. */
                            settings: {
                                [key: string]: unknown;
                            };
                            subjects: {
                                /** @description An entity id (syn123) or a team id */
                                id: string | number;
                                name?: string | null;
                                path?: string | null;
                                type: "entity" | "team";
                            }[];
                            /** @description Click-wrap text (TermsOfUse, SelfSign), instructions (ManagedACT), reason (Lock) */
                            terms: string;
                            type: "TermsOfUse" | "SelfSign" | "ManagedACT" | "Lock";
                            /** @description Goes up by one with every update of the text or settings */
                            version: number;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/access-requirements/{id}/subjects/{type}/{subjectId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Unbind from an entity or a team (ACT) */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                    subjectId: string;
                    type: "entity" | "team";
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description RFC 9457 problem document */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            createdBy: number | null;
                            /** Format: date-time */
                            createdOn: string;
                            description: string;
                            /** @description Send it back with an update; it changes with every change */
                            etag: string;
                            id: number;
                            modifiedBy: number | null;
                            /** Format: date-time */
                            modifiedOn: string;
                            name: string;
                            restrictionLevel: "OPEN" | "RESTRICTED_BY_TERMS_OF_USE" | "CONTROLLED_BY_ACT";
                            /** @description Per type: TermsOfUse {requires2fa}; SelfSign {certifiedRequired, validatedRequired, requires2fa}; ManagedACT {certifiedRequired, validatedRequired, ducRequired, ducTemplateBlobId, irbRequired, attachmentsRequired, expirationDays (0 = never), iduRequired, iduPublic, requires2fa, instructions}; Lock {}. Unknown keys are refused. */
                            settings: {
                                [key: string]: unknown;
                            };
                            subjects: {
                                /** @description An entity id (syn123) or a team id */
                                id: string | number;
                                name?: string | null;
                                path?: string | null;
                                type: "entity" | "team";
                            }[];
                            /** @description Click-wrap text (TermsOfUse, SelfSign), instructions (ManagedACT), reason (Lock) */
                            terms: string;
                            type: "TermsOfUse" | "SelfSign" | "ManagedACT" | "Lock";
                            /** @description Goes up by one with every update of the text or settings */
                            version: number;
                        };
                    };
                };
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/access-requirements/{id}/submissions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The review table of an access requirement (ACT and its validated reviewers): newest version of each request, with filters */
        get: {
            parameters: {
                query?: {
                    /** @description User id or name */
                    accessor?: string;
                    /** @description Every version, not only the newest of each request */
                    allVersions?: boolean;
                    limit?: number;
                    offset?: number;
                    /** @description newest submission first (the default), or oldest first: the waiting requests as a queue */
                    order?: "newest" | "oldest";
                    /** @description User id or name */
                    requestor?: string;
                    state?: "SUBMITTED" | "APPROVED" | "REJECTED" | "CANCELLED" | "EXPIRED" | "REVOKED" | "RETURNED";
                    /** @description Only this submission (the link in the "submitted" notice) */
                    submission?: number;
                    /** @description Submitted at or after */
                    submittedFrom?: string;
                    /** @description Submitted before */
                    submittedTo?: string;
                };
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description RFC 9457 problem document */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: {
                                accessors: {
                                    /** @description Holds an approval for this AR now */
                                    alreadyApproved: boolean;
                                    displayName: string;
                                    /** @description Meets the AR's certified/validated rules now */
                                    eligible: boolean;
                                    id: number;
                                    isCertified: boolean;
                                    isValidated: boolean;
                                    problem: string | null;
                                    username: string;
                                }[];
                                accessRequirementId: number;
                                accessRequirementName: string;
                                accessRequirementVersion: number;
                                /** @description Answers by field key */
                                answers: {
                                    [key: string]: unknown;
                                };
                                attachments: {
                                    contentType: string;
                                    downloadUrl: string;
                                    fieldKey: string;
                                    fileName: string;
                                    id: number;
                                    md5: string;
                                    size: number;
                                    /** Format: date-time */
                                    uploadedOn: string;
                                }[];
                                /** @description Keys of the fields changed since the previous version */
                                changedFields: string[];
                                decidedBy: {
                                    displayName: string;
                                    id: number;
                                } | null;
                                decidedByRule: string | null;
                                decidedOn: string | null;
                                email: {
                                    body: string;
                                    subject: string;
                                } | null;
                                expiresOn: string | null;
                                /** @description The fields as the requestor answered them */
                                fields: {
                                    /** @description Always present (follows the AR settings); not edited in the designer */
                                    builtin: boolean;
                                    /** @description Shown to requestors */
                                    description: string;
                                    /** @description Stable within the form; answers are keyed by it */
                                    key: string;
                                    label: string;
                                    /** @description Fields are required unless optional */
                                    optional: boolean;
                                    /** @description Choices of single-choice and multiple-choice fields */
                                    options: string[];
                                    /** @description Shown, not answered (the data requestor) */
                                    readOnly: boolean;
                                    templateId: number | null;
                                    type: "short-text" | "long-text" | "date" | "email" | "single-choice" | "multiple-choice" | "yes-no" | "attachment" | "user-list";
                                }[];
                                formVersion: number;
                                id: number;
                                /** @description The newest version of its request */
                                isCurrent: boolean;
                                reason: string | null;
                                requestId: number;
                                requestor: {
                                    displayName: string;
                                    id: number;
                                    isCertified: boolean;
                                    isValidated: boolean;
                                    username: string;
                                };
                                requestState: "DRAFT" | "SUBMITTED" | "APPROVED" | "REJECTED" | "CANCELLED" | "EXPIRED" | "REVOKED" | "RETURNED";
                                returnedBy: {
                                    displayName: string;
                                    id: number;
                                } | null;
                                returnedOn: string | null;
                                state: "SUBMITTED" | "APPROVED" | "REJECTED" | "CANCELLED" | "EXPIRED" | "REVOKED" | "RETURNED";
                                /** Format: date-time */
                                submittedOn: string;
                                version: number;
                                versions: {
                                    id: number;
                                    state: "SUBMITTED" | "APPROVED" | "REJECTED" | "CANCELLED" | "EXPIRED" | "REVOKED" | "RETURNED";
                                    /** Format: date-time */
                                    submittedOn: string;
                                    version: number;
                                }[];
                            }[];
                            limit: number;
                            offset: number;
                            /** @description How many items match, on all pages */
                            total: number;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/access-requirements/{id}/versions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Every version of the text and settings, newest first */
        get: {
            parameters: {
                query?: {
                    limit?: number;
                    offset?: number;
                };
                header?: never;
                path: {
                    /** @description Access requirement id */
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description RFC 9457 problem document */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: {
                                accessRequirementId: number;
                                description: string;
                                modifiedBy: number | null;
                                /** Format: date-time */
                                modifiedOn: string;
                                name: string;
                                /** @description Per type: TermsOfUse {requires2fa}; SelfSign {certifiedRequired, validatedRequired, requires2fa}; ManagedACT {certifiedRequired, validatedRequired, ducRequired, ducTemplateBlobId, irbRequired, attachmentsRequired, expirationDays (0 = never), iduRequired, iduPublic, requires2fa, instructions}; Lock {}. Unknown keys are refused. */
                                settings: {
                                    [key: string]: unknown;
                                };
                                terms: string;
                                type: "TermsOfUse" | "SelfSign" | "ManagedACT" | "Lock";
                                version: number;
                            }[];
                            limit: number;
                            offset: number;
                            /** @description How many items match, on all pages */
                            total: number;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/acl-presets": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The access-type presets to offer when sharing */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description RFC 9457 problem document */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            accessTypes: ("READ" | "DOWNLOAD" | "CREATE" | "UPDATE" | "DELETE" | "CHANGE_PERMISSIONS" | "CHANGE_SETTINGS" | "MODERATE" | "SHARE" | "COMPUTE")[];
                            name: string;
                        }[];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/act/queue": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** ACT's queue for its home page: how many data access requests and identity verification requests wait for review, each with the oldest first and how many days they have waited (ACT; 403 otherwise) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description RFC 9457 problem document */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            requests: {
                                /** @description The 5 that have waited longest, oldest first */
                                oldest: {
                                    accessRequirementId: number;
                                    accessRequirementName: string;
                                    requestId: number;
                                    requestor: {
                                        displayName: string;
                                        id: number;
                                        username: string;
                                    };
                                    submissionId: number;
                                    /** Format: date-time */
                                    submittedOn: string;
                                    /** @description Whole days since it was submitted */
                                    waitingDays: number;
                                }[];
                                /** @description Data access requests whose newest version is SUBMITTED, across every access requirement */
                                waiting: number;
                            };
                            verifications: {
                                /** @description The 5 that have waited longest, oldest first */
                                oldest: {
                                    id: number;
                                    institution: string;
                                    name: string;
                                    /** Format: date-time */
                                    submittedOn: string;
                                    userId: number;
                                    username: string;
                                    /** @description Whole days since it was submitted */
                                    waitingDays: number;
                                }[];
                                /** @description Identity verification requests waiting for a decision */
                                waiting: number;
                            };
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/admin/visa-keys": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The visa signing keys, newest first: the one that signs, and retired ones (admins) */
        get: {
            parameters: {
                query?: {
                    limit?: number;
                    offset?: number;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description RFC 9457 problem document */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: {
                                /** Format: date-time */
                                createdAt: string;
                                kid: string;
                                publishedUntil: string | null;
                                retiredAt: string | null;
                                /** @description Made by Gatehouse, or read from VISA_SIGNING_KEY_FILE */
                                source: "generated" | "file";
                                /** @description signing: signs new visas; published: retired, listed in the JWKS until its last visa expires; expired: no longer listed */
                                state: "signing" | "published" | "expired";
                            }[];
                            limit: number;
                            offset: number;
                            /** @description How many items match, on all pages */
                            total: number;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/admin/visa-keys/rotate": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Retire the visa signing key and sign with a new one (admins); the old public key stays in the JWKS until its last visa expires */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description RFC 9457 problem document */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description The new signing key */
                            kid: string;
                            retiredKid: string | null;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/audit-log": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The audit log, newest first (admins) */
        get: {
            parameters: {
                query?: {
                    /** @description Entries whose action starts with this, e.g. "team." */
                    action?: string;
                    actorId?: number;
                    /** @description At or after */
                    from?: string;
                    limit?: number;
                    offset?: number;
                    targetId?: string;
                    targetType?: string;
                    /** @description Before */
                    to?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description RFC 9457 problem document */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: {
                                action: string;
                                actorId: number | null;
                                actorName: string | null;
                                /** Format: date-time */
                                at: string;
                                details: unknown;
                                hash: string;
                                seq: number;
                                targetId: string | null;
                                /** @description The username, entity, team, group or access requirement name of the target; null for other kinds or when gone */
                                targetName: string | null;
                                targetType: string | null;
                            }[];
                            limit: number;
                            offset: number;
                            /** @description How many items match, on all pages */
                            total: number;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/audit-log/downloads": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Download records, newest first (admins) */
        get: {
            parameters: {
                query?: {
                    /** @description The file, e.g. syn123 */
                    entityId?: string;
                    /** @description At or after */
                    from?: string;
                    limit?: number;
                    offset?: number;
                    result?: "served" | "denied" | "failed";
                    /** @description Before */
                    to?: string;
                    userId?: number;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description RFC 9457 problem document */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: {
                                /** Format: date-time */
                                at: string;
                                /** @description Bytes that went out */
                                bytes: number;
                                /** @description The User-Agent */
                                client: string;
                                /** @description The file, e.g. syn123 */
                                entityId: string;
                                /** @description The entity's name */
                                fileName: string | null;
                                id: number;
                                /** @description Of the version served; null when denied */
                                md5: string | null;
                                projectId: string | null;
                                result: "served" | "denied" | "failed";
                                /** @description The rule that denied it */
                                rule: string | null;
                                /** @description The downloads.sealed audit entry that sealed it; null until sealed */
                                sealedSeq: number | null;
                                /** @description Null for an anonymous caller */
                                userId: number | null;
                                userName: string | null;
                                version: number | null;
                            }[];
                            limit: number;
                            offset: number;
                            /** @description How many items match, on all pages */
                            total: number;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/audit-log/export.csv": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The audit log entries that match the filters, oldest first, as CSV (admins; at most 100,000 entries, 413 AUDIT_EXPORT_TOO_LARGE beyond) */
        get: {
            parameters: {
                query?: {
                    /** @description Entries whose action starts with this, e.g. "team." */
                    action?: string;
                    actorId?: number;
                    /** @description At or after */
                    from?: string;
                    targetId?: string;
                    targetType?: string;
                    /** @description Before */
                    to?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description RFC 9457 problem document */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "text/csv": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/audit-log/verify": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Seal new download records, recompute the hash chain, check the download records; reports the first broken link (admins) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description RFC 9457 problem document */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Audit log entries verified */
                            checked: number;
                            /** @description Absent when the chain is broken: its seals cannot be trusted then */
                            downloads?: {
                                /** @description downloads.sealed entries checked */
                                batches: number;
                                /** @description Sealed download records verified */
                                checked: number;
                                firstBroken?: {
                                    reason: string;
                                    recordId: number | null;
                                    sealSeq: number | null;
                                };
                                ok: boolean;
                            };
                            firstBroken?: {
                                reason: string;
                                seq: number;
                            };
                            /** @description The chain and the download records both hold */
                            ok: boolean;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/audit/findings": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Every finding, across runs and those the continuous audit raised, filtered */
        get: {
            parameters: {
                query?: {
                    limit?: number;
                    offset?: number;
                    ownerId?: number;
                    /** @description syn123 */
                    projectId?: string;
                    query?: "restriction-change" | "top-downloaders" | "md5-duplicates" | "unqualified-access" | "repeated-downloads" | "exfiltration-correlation" | "tier-revoked-downloads" | "self-approval" | "terms-changed-after-approval";
                    state?: "new" | "contacted" | "explained" | "incident" | "closed";
                    useCase?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description RFC 9457 problem document */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: {
                                action: string | null;
                                /** @description The facts as the query found them (in a run: as that run saw them) */
                                detail: {
                                    [key: string]: unknown;
                                };
                                entityId: string | null;
                                entityName: string | null;
                                entityPath: string | null;
                                fingerprint: string;
                                id: number;
                                /** Format: date-time */
                                occurredAt: string;
                                owner: {
                                    displayName: string;
                                    id: number;
                                    username: string;
                                } | null;
                                projectId: string | null;
                                projectName: string | null;
                                query: "restriction-change" | "top-downloaders" | "md5-duplicates" | "unqualified-access" | "repeated-downloads" | "exfiltration-correlation" | "tier-revoked-downloads" | "self-approval" | "terms-changed-after-approval";
                                /** Format: date-time */
                                raisedAt: string;
                                raisedBy: "continuous" | "periodic";
                                state: "new" | "contacted" | "explained" | "incident" | "closed";
                                summary: string;
                                useCase: string | null;
                                user: {
                                    displayName: string;
                                    id: number;
                                    username: string;
                                } | null;
                            }[];
                            limit: number;
                            offset: number;
                            /** @description How many items match, on all pages */
                            total: number;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/audit/findings/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One audit finding as a case file: names and links, the trail, the runs that found it, and whom it offers to contact (audit readers) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description Finding id */
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description RFC 9457 problem document */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description The states PATCH may move it to now */
                            allowedStates: ("new" | "contacted" | "explained" | "incident" | "closed")[];
                            contacts: {
                                available: boolean;
                                body: string;
                                reason: string | null;
                                recipients: {
                                    displayName: string;
                                    email: string;
                                    id: number;
                                    username: string;
                                }[];
                                /** @description The template filled in for these recipients */
                                subject: string;
                                /** @description The template used when none is named */
                                templateKey: string;
                                to: "user" | "project-owner" | "community-manager";
                            }[];
                            detail: {
                                [key: string]: unknown;
                            };
                            entity: {
                                id: string;
                                name: string;
                                path: {
                                    id: string;
                                    name: string;
                                }[];
                                type: string;
                            } | null;
                            events: {
                                actor: {
                                    displayName: string;
                                    id: number;
                                } | null;
                                /** Format: date-time */
                                at: string;
                                body: string;
                                details: {
                                    [key: string]: unknown;
                                };
                                id: number;
                                kind: string;
                            }[];
                            fingerprint: string;
                            id: number;
                            incidents: {
                                id: number;
                                /** Format: date-time */
                                openedAt: string;
                                state: string;
                                title: string;
                            }[];
                            /** Format: date-time */
                            occurredAt: string;
                            owner: {
                                displayName: string;
                                id: number;
                            } | null;
                            project: {
                                communityManager: {
                                    displayName: string;
                                    email: string;
                                    id: number;
                                    username: string;
                                } | null;
                                id: string;
                                name: string;
                            } | null;
                            query: string;
                            /** Format: date-time */
                            raisedAt: string;
                            raisedBy: string;
                            repliedAt: string | null;
                            reply: string | null;
                            request: {
                                id: number;
                                link: string;
                            } | null;
                            runs: {
                                id: number;
                                /** Format: date-time */
                                periodFrom: string;
                                /** Format: date-time */
                                periodTo: string;
                                /** Format: date-time */
                                startedAt: string;
                                state: string;
                            }[];
                            state: "new" | "contacted" | "explained" | "incident" | "closed";
                            summary: string;
                            /** @description Whether raising an incident can post the ticket webhook (AUDIT_TICKET_WEBHOOK_URL) */
                            ticketWebhookConfigured: boolean;
                            /** Format: date-time */
                            updatedAt: string;
                            useCase: string | null;
                            user: {
                                displayName: string;
                                email: string;
                                id: number;
                                username: string;
                            } | null;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /** Assign a finding's owner or move its state (ACT, security); each change is an event and an audit-log entry */
        patch: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description Finding id */
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description Why; required to reopen a closed finding */
                        note?: string;
                        ownerId?: number | null;
                        state?: "new" | "contacted" | "explained" | "incident" | "closed";
                    };
                };
            };
            responses: {
                /** @description RFC 9457 problem document */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description The states PATCH may move it to now */
                            allowedStates: ("new" | "contacted" | "explained" | "incident" | "closed")[];
                            contacts: {
                                available: boolean;
                                body: string;
                                reason: string | null;
                                recipients: {
                                    displayName: string;
                                    email: string;
                                    id: number;
                                    username: string;
                                }[];
                                /** @description The template filled in for these recipients */
                                subject: string;
                                /** @description The template used when none is named */
                                templateKey: string;
                                to: "user" | "project-owner" | "community-manager";
                            }[];
                            detail: {
                                [key: string]: unknown;
                            };
                            entity: {
                                id: string;
                                name: string;
                                path: {
                                    id: string;
                                    name: string;
                                }[];
                                type: string;
                            } | null;
                            events: {
                                actor: {
                                    displayName: string;
                                    id: number;
                                } | null;
                                /** Format: date-time */
                                at: string;
                                body: string;
                                details: {
                                    [key: string]: unknown;
                                };
                                id: number;
                                kind: string;
                            }[];
                            fingerprint: string;
                            id: number;
                            incidents: {
                                id: number;
                                /** Format: date-time */
                                openedAt: string;
                                state: string;
                                title: string;
                            }[];
                            /** Format: date-time */
                            occurredAt: string;
                            owner: {
                                displayName: string;
                                id: number;
                            } | null;
                            project: {
                                communityManager: {
                                    displayName: string;
                                    email: string;
                                    id: number;
                                    username: string;
                                } | null;
                                id: string;
                                name: string;
                            } | null;
                            query: string;
                            /** Format: date-time */
                            raisedAt: string;
                            raisedBy: string;
                            repliedAt: string | null;
                            reply: string | null;
                            request: {
                                id: number;
                                link: string;
                            } | null;
                            runs: {
                                id: number;
                                /** Format: date-time */
                                periodFrom: string;
                                /** Format: date-time */
                                periodTo: string;
                                /** Format: date-time */
                                startedAt: string;
                                state: string;
                            }[];
                            state: "new" | "contacted" | "explained" | "incident" | "closed";
                            summary: string;
                            /** @description Whether raising an incident can post the ticket webhook (AUDIT_TICKET_WEBHOOK_URL) */
                            ticketWebhookConfigured: boolean;
                            /** Format: date-time */
                            updatedAt: string;
                            useCase: string | null;
                            user: {
                                displayName: string;
                                email: string;
                                id: number;
                                username: string;
                            } | null;
                        };
                    };
                };
            };
        };
        trace?: never;
    };
    "/api/v1/audit/findings/{id}/contacts": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Email the user, the project's owners or its community manager from a template (filled in unless subject and body are given), through the outbox; the finding becomes contacted */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description Finding id */
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        body?: string;
                        subject?: string;
                        /** @description One of top-downloader, anomaly-user, anomaly-project-owner, anomaly-community-manager */
                        templateKey?: string;
                        to: "user" | "project-owner" | "community-manager";
                    };
                };
            };
            responses: {
                /** @description RFC 9457 problem document */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description The states PATCH may move it to now */
                            allowedStates: ("new" | "contacted" | "explained" | "incident" | "closed")[];
                            contacts: {
                                available: boolean;
                                body: string;
                                reason: string | null;
                                recipients: {
                                    displayName: string;
                                    email: string;
                                    id: number;
                                    username: string;
                                }[];
                                /** @description The template filled in for these recipients */
                                subject: string;
                                /** @description The template used when none is named */
                                templateKey: string;
                                to: "user" | "project-owner" | "community-manager";
                            }[];
                            detail: {
                                [key: string]: unknown;
                            };
                            entity: {
                                id: string;
                                name: string;
                                path: {
                                    id: string;
                                    name: string;
                                }[];
                                type: string;
                            } | null;
                            events: {
                                actor: {
                                    displayName: string;
                                    id: number;
                                } | null;
                                /** Format: date-time */
                                at: string;
                                body: string;
                                details: {
                                    [key: string]: unknown;
                                };
                                id: number;
                                kind: string;
                            }[];
                            fingerprint: string;
                            id: number;
                            incidents: {
                                id: number;
                                /** Format: date-time */
                                openedAt: string;
                                state: string;
                                title: string;
                            }[];
                            /** Format: date-time */
                            occurredAt: string;
                            owner: {
                                displayName: string;
                                id: number;
                            } | null;
                            project: {
                                communityManager: {
                                    displayName: string;
                                    email: string;
                                    id: number;
                                    username: string;
                                } | null;
                                id: string;
                                name: string;
                            } | null;
                            query: string;
                            /** Format: date-time */
                            raisedAt: string;
                            raisedBy: string;
                            repliedAt: string | null;
                            reply: string | null;
                            request: {
                                id: number;
                                link: string;
                            } | null;
                            runs: {
                                id: number;
                                /** Format: date-time */
                                periodFrom: string;
                                /** Format: date-time */
                                periodTo: string;
                                /** Format: date-time */
                                startedAt: string;
                                state: string;
                            }[];
                            state: "new" | "contacted" | "explained" | "incident" | "closed";
                            summary: string;
                            /** @description Whether raising an incident can post the ticket webhook (AUDIT_TICKET_WEBHOOK_URL) */
                            ticketWebhookConfigured: boolean;
                            /** Format: date-time */
                            updatedAt: string;
                            useCase: string | null;
                            user: {
                                displayName: string;
                                email: string;
                                id: number;
                                username: string;
                            } | null;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/audit/findings/{id}/incidents": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Raise a governance incident from the finding (it becomes incident); posts the ticket webhook when configured, unless notify is false */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description Finding id */
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        description: string;
                        /** @description Post the ticket webhook; default: when AUDIT_TICKET_WEBHOOK_URL is set */
                        notify?: boolean;
                        title: string;
                    };
                };
            };
            responses: {
                /** @description RFC 9457 problem document */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            closedAt: string | null;
                            closedBy: {
                                displayName: string;
                                id: number;
                            } | null;
                            description: string;
                            findings: {
                                id: number;
                                query: string;
                                state: string;
                                summary: string;
                            }[];
                            id: number;
                            /** Format: date-time */
                            openedAt: string;
                            openedBy: {
                                displayName: string;
                                id: number;
                            };
                            resolution: string | null;
                            state: "open" | "closed";
                            ticket: {
                                attempts: number;
                                error: string | null;
                                sentAt: string | null;
                                /** @description The ticket webhook: not-sent (none configured, or notify false), pending (queued or retrying), sent, failed (given up) */
                                status: "not-sent" | "pending" | "sent" | "failed";
                            };
                            title: string;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/audit/findings/{id}/notes": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Add a note to the finding's trail */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description Finding id */
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        body: string;
                    };
                };
            };
            responses: {
                /** @description RFC 9457 problem document */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description The states PATCH may move it to now */
                            allowedStates: ("new" | "contacted" | "explained" | "incident" | "closed")[];
                            contacts: {
                                available: boolean;
                                body: string;
                                reason: string | null;
                                recipients: {
                                    displayName: string;
                                    email: string;
                                    id: number;
                                    username: string;
                                }[];
                                /** @description The template filled in for these recipients */
                                subject: string;
                                /** @description The template used when none is named */
                                templateKey: string;
                                to: "user" | "project-owner" | "community-manager";
                            }[];
                            detail: {
                                [key: string]: unknown;
                            };
                            entity: {
                                id: string;
                                name: string;
                                path: {
                                    id: string;
                                    name: string;
                                }[];
                                type: string;
                            } | null;
                            events: {
                                actor: {
                                    displayName: string;
                                    id: number;
                                } | null;
                                /** Format: date-time */
                                at: string;
                                body: string;
                                details: {
                                    [key: string]: unknown;
                                };
                                id: number;
                                kind: string;
                            }[];
                            fingerprint: string;
                            id: number;
                            incidents: {
                                id: number;
                                /** Format: date-time */
                                openedAt: string;
                                state: string;
                                title: string;
                            }[];
                            /** Format: date-time */
                            occurredAt: string;
                            owner: {
                                displayName: string;
                                id: number;
                            } | null;
                            project: {
                                communityManager: {
                                    displayName: string;
                                    email: string;
                                    id: number;
                                    username: string;
                                } | null;
                                id: string;
                                name: string;
                            } | null;
                            query: string;
                            /** Format: date-time */
                            raisedAt: string;
                            raisedBy: string;
                            repliedAt: string | null;
                            reply: string | null;
                            request: {
                                id: number;
                                link: string;
                            } | null;
                            runs: {
                                id: number;
                                /** Format: date-time */
                                periodFrom: string;
                                /** Format: date-time */
                                periodTo: string;
                                /** Format: date-time */
                                startedAt: string;
                                state: string;
                            }[];
                            state: "new" | "contacted" | "explained" | "incident" | "closed";
                            summary: string;
                            /** @description Whether raising an incident can post the ticket webhook (AUDIT_TICKET_WEBHOOK_URL) */
                            ticketWebhookConfigured: boolean;
                            /** Format: date-time */
                            updatedAt: string;
                            useCase: string | null;
                            user: {
                                displayName: string;
                                email: string;
                                id: number;
                                username: string;
                            } | null;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/audit/findings/{id}/replies": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Record the reply received; the finding becomes explained unless another state is asked */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description Finding id */
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        body: string;
                        from: string;
                        /** Format: date-time */
                        receivedAt?: string;
                        /** @description Default explained (a finding under incident stays so) */
                        state?: "contacted" | "explained" | "closed";
                    };
                };
            };
            responses: {
                /** @description RFC 9457 problem document */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description The states PATCH may move it to now */
                            allowedStates: ("new" | "contacted" | "explained" | "incident" | "closed")[];
                            contacts: {
                                available: boolean;
                                body: string;
                                reason: string | null;
                                recipients: {
                                    displayName: string;
                                    email: string;
                                    id: number;
                                    username: string;
                                }[];
                                /** @description The template filled in for these recipients */
                                subject: string;
                                /** @description The template used when none is named */
                                templateKey: string;
                                to: "user" | "project-owner" | "community-manager";
                            }[];
                            detail: {
                                [key: string]: unknown;
                            };
                            entity: {
                                id: string;
                                name: string;
                                path: {
                                    id: string;
                                    name: string;
                                }[];
                                type: string;
                            } | null;
                            events: {
                                actor: {
                                    displayName: string;
                                    id: number;
                                } | null;
                                /** Format: date-time */
                                at: string;
                                body: string;
                                details: {
                                    [key: string]: unknown;
                                };
                                id: number;
                                kind: string;
                            }[];
                            fingerprint: string;
                            id: number;
                            incidents: {
                                id: number;
                                /** Format: date-time */
                                openedAt: string;
                                state: string;
                                title: string;
                            }[];
                            /** Format: date-time */
                            occurredAt: string;
                            owner: {
                                displayName: string;
                                id: number;
                            } | null;
                            project: {
                                communityManager: {
                                    displayName: string;
                                    email: string;
                                    id: number;
                                    username: string;
                                } | null;
                                id: string;
                                name: string;
                            } | null;
                            query: string;
                            /** Format: date-time */
                            raisedAt: string;
                            raisedBy: string;
                            repliedAt: string | null;
                            reply: string | null;
                            request: {
                                id: number;
                                link: string;
                            } | null;
                            runs: {
                                id: number;
                                /** Format: date-time */
                                periodFrom: string;
                                /** Format: date-time */
                                periodTo: string;
                                /** Format: date-time */
                                startedAt: string;
                                state: string;
                            }[];
                            state: "new" | "contacted" | "explained" | "incident" | "closed";
                            summary: string;
                            /** @description Whether raising an incident can post the ticket webhook (AUDIT_TICKET_WEBHOOK_URL) */
                            ticketWebhookConfigured: boolean;
                            /** Format: date-time */
                            updatedAt: string;
                            useCase: string | null;
                            user: {
                                displayName: string;
                                email: string;
                                id: number;
                                username: string;
                            } | null;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/audit/reports": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Audit reports, newest first (audit readers) */
        get: {
            parameters: {
                query?: {
                    kind?: "periodic" | "annual";
                    limit?: number;
                    offset?: number;
                    state?: "draft" | "submitted" | "rejected" | "approved";
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description RFC 9457 problem document */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: {
                                approvedAt: string | null;
                                approvedBy: {
                                    id: number;
                                    name: string;
                                } | null;
                                /** Format: date-time */
                                createdAt: string;
                                createdBy: {
                                    id: number;
                                    name: string;
                                };
                                /** @description Approved: the model and files are stored and served unchanged */
                                frozen: boolean;
                                id: number;
                                kind: "periodic" | "annual";
                                links: {
                                    csv: {
                                        href: string;
                                        query: string;
                                        title: string;
                                    }[];
                                    html: string;
                                    pdf: string;
                                    xlsx: string;
                                };
                                periods: {
                                    /** Format: date-time */
                                    from: string;
                                    label: string;
                                    runId: number;
                                    /** Format: date-time */
                                    to: string;
                                }[];
                                /** @description One report only: its submissions and reviews, oldest first */
                                reviews?: {
                                    action: "submitted" | "approved" | "rejected";
                                    actor: {
                                        id: number;
                                        name: string;
                                    };
                                    /** Format: date-time */
                                    at: string;
                                    comment: string;
                                }[];
                                state: "draft" | "submitted" | "rejected" | "approved";
                                submittedAt: string | null;
                                submittedBy: {
                                    id: number;
                                    name: string;
                                } | null;
                                /** @description One report only: the executive summary */
                                summary?: string[];
                                title: string;
                                totals?: {
                                    closed: number;
                                    explained: number;
                                    findings: number;
                                    incidents: number;
                                    open: number;
                                };
                            }[];
                            limit: number;
                            offset: number;
                            /** @description How many items match, on all pages */
                            total: number;
                        };
                    };
                };
            };
        };
        put?: never;
        /** Create a draft audit report: periodic (one finished run) or annual (two finished runs) (security engineers) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        kind: "periodic" | "annual";
                        /** @description periodic: the run */
                        runId?: number;
                        /** @description annual: the two runs (the two half-year cycles) */
                        runIds?: number[];
                    };
                };
            };
            responses: {
                /** @description RFC 9457 problem document */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            approvedAt: string | null;
                            approvedBy: {
                                id: number;
                                name: string;
                            } | null;
                            /** Format: date-time */
                            createdAt: string;
                            createdBy: {
                                id: number;
                                name: string;
                            };
                            /** @description Approved: the model and files are stored and served unchanged */
                            frozen: boolean;
                            id: number;
                            kind: "periodic" | "annual";
                            links: {
                                csv: {
                                    href: string;
                                    query: string;
                                    title: string;
                                }[];
                                html: string;
                                pdf: string;
                                xlsx: string;
                            };
                            periods: {
                                /** Format: date-time */
                                from: string;
                                label: string;
                                runId: number;
                                /** Format: date-time */
                                to: string;
                            }[];
                            /** @description One report only: its submissions and reviews, oldest first */
                            reviews?: {
                                action: "submitted" | "approved" | "rejected";
                                actor: {
                                    id: number;
                                    name: string;
                                };
                                /** Format: date-time */
                                at: string;
                                comment: string;
                            }[];
                            state: "draft" | "submitted" | "rejected" | "approved";
                            submittedAt: string | null;
                            submittedBy: {
                                id: number;
                                name: string;
                            } | null;
                            /** @description One report only: the executive summary */
                            summary?: string[];
                            title: string;
                            totals?: {
                                closed: number;
                                explained: number;
                                findings: number;
                                incidents: number;
                                open: number;
                            };
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/audit/reports/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One audit report with its review history and executive summary (audit readers) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description Audit report id */
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description RFC 9457 problem document */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            approvedAt: string | null;
                            approvedBy: {
                                id: number;
                                name: string;
                            } | null;
                            /** Format: date-time */
                            createdAt: string;
                            createdBy: {
                                id: number;
                                name: string;
                            };
                            /** @description Approved: the model and files are stored and served unchanged */
                            frozen: boolean;
                            id: number;
                            kind: "periodic" | "annual";
                            links: {
                                csv: {
                                    href: string;
                                    query: string;
                                    title: string;
                                }[];
                                html: string;
                                pdf: string;
                                xlsx: string;
                            };
                            periods: {
                                /** Format: date-time */
                                from: string;
                                label: string;
                                runId: number;
                                /** Format: date-time */
                                to: string;
                            }[];
                            /** @description One report only: its submissions and reviews, oldest first */
                            reviews?: {
                                action: "submitted" | "approved" | "rejected";
                                actor: {
                                    id: number;
                                    name: string;
                                };
                                /** Format: date-time */
                                at: string;
                                comment: string;
                            }[];
                            state: "draft" | "submitted" | "rejected" | "approved";
                            submittedAt: string | null;
                            submittedBy: {
                                id: number;
                                name: string;
                            } | null;
                            /** @description One report only: the executive summary */
                            summary?: string[];
                            title: string;
                            totals?: {
                                closed: number;
                                explained: number;
                                findings: number;
                                incidents: number;
                                open: number;
                            };
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/audit/reports/{id}/queries/{query}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One query's findings as CSV, e.g. queries/top-downloaders.csv (audit readers) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                    /** @description <query>.csv */
                    query: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description RFC 9457 problem document */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/audit/reports/{id}/report.html": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The report as a standalone HTML document (audit readers) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description Audit report id */
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description RFC 9457 problem document */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/audit/reports/{id}/report.pdf": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The report as a PDF for the IRB and HITRUST (audit readers) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description Audit report id */
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description RFC 9457 problem document */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/audit/reports/{id}/report.xlsx": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The report as a spreadsheet: one sheet per query, the pivots, the triage log (audit readers) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description Audit report id */
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description RFC 9457 problem document */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/audit/reports/{id}/review": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Approve (freezes the report and its files) or reject with a comment (Director of Governance) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description Audit report id */
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description Required when rejecting */
                        comment?: string;
                        decision: "approve" | "reject";
                    };
                };
            };
            responses: {
                /** @description RFC 9457 problem document */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            approvedAt: string | null;
                            approvedBy: {
                                id: number;
                                name: string;
                            } | null;
                            /** Format: date-time */
                            createdAt: string;
                            createdBy: {
                                id: number;
                                name: string;
                            };
                            /** @description Approved: the model and files are stored and served unchanged */
                            frozen: boolean;
                            id: number;
                            kind: "periodic" | "annual";
                            links: {
                                csv: {
                                    href: string;
                                    query: string;
                                    title: string;
                                }[];
                                html: string;
                                pdf: string;
                                xlsx: string;
                            };
                            periods: {
                                /** Format: date-time */
                                from: string;
                                label: string;
                                runId: number;
                                /** Format: date-time */
                                to: string;
                            }[];
                            /** @description One report only: its submissions and reviews, oldest first */
                            reviews?: {
                                action: "submitted" | "approved" | "rejected";
                                actor: {
                                    id: number;
                                    name: string;
                                };
                                /** Format: date-time */
                                at: string;
                                comment: string;
                            }[];
                            state: "draft" | "submitted" | "rejected" | "approved";
                            submittedAt: string | null;
                            submittedBy: {
                                id: number;
                                name: string;
                            } | null;
                            /** @description One report only: the executive summary */
                            summary?: string[];
                            title: string;
                            totals?: {
                                closed: number;
                                explained: number;
                                findings: number;
                                incidents: number;
                                open: number;
                            };
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/audit/reports/{id}/submit": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Submit a draft or rejected report to the Director of Governance (security engineers) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description Audit report id */
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description RFC 9457 problem document */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            approvedAt: string | null;
                            approvedBy: {
                                id: number;
                                name: string;
                            } | null;
                            /** Format: date-time */
                            createdAt: string;
                            createdBy: {
                                id: number;
                                name: string;
                            };
                            /** @description Approved: the model and files are stored and served unchanged */
                            frozen: boolean;
                            id: number;
                            kind: "periodic" | "annual";
                            links: {
                                csv: {
                                    href: string;
                                    query: string;
                                    title: string;
                                }[];
                                html: string;
                                pdf: string;
                                xlsx: string;
                            };
                            periods: {
                                /** Format: date-time */
                                from: string;
                                label: string;
                                runId: number;
                                /** Format: date-time */
                                to: string;
                            }[];
                            /** @description One report only: its submissions and reviews, oldest first */
                            reviews?: {
                                action: "submitted" | "approved" | "rejected";
                                actor: {
                                    id: number;
                                    name: string;
                                };
                                /** Format: date-time */
                                at: string;
                                comment: string;
                            }[];
                            state: "draft" | "submitted" | "rejected" | "approved";
                            submittedAt: string | null;
                            submittedBy: {
                                id: number;
                                name: string;
                            } | null;
                            /** @description One report only: the executive summary */
                            summary?: string[];
                            title: string;
                            totals?: {
                                closed: number;
                                explained: number;
                                findings: number;
                                incidents: number;
                                open: number;
                            };
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/audit/runs": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Audit runs, newest first */
        get: {
            parameters: {
                query?: {
                    limit?: number;
                    offset?: number;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description RFC 9457 problem document */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: {
                                /** @description Findings per query, when finished */
                                counts: {
                                    [key: string]: number;
                                };
                                engine: "postgres" | "duckdb";
                                error: string | null;
                                finishedAt: string | null;
                                /** Format: date-time */
                                from: string;
                                id: number;
                                progress: {
                                    step: string | null;
                                    stepsDone: number;
                                    stepsTotal: number;
                                };
                                settings: {
                                    /** @description Exfiltration correlation: hours before and after the incident */
                                    correlationWindowHours: number;
                                    /** @description Public → private → public: an exposure longer than this lists its downloads */
                                    exposedMinHours: number;
                                    /** @description Exfiltration correlation: bytes downloaded next to an egress incident that count as large */
                                    largeDownloadBytes: number;
                                    /** @description Repeated downloads: this many downloads of one file by one user … */
                                    repeatedDownloadsThreshold: number;
                                    /** @description … within this many hours */
                                    repeatedDownloadsWindowHours: number;
                                    /** @description A test project's name or description matches this regular expression (case-insensitive) */
                                    testProjectPattern: string;
                                    /** @description Top downloaders: how many users */
                                    topDownloaders: number;
                                };
                                /** Format: date-time */
                                startedAt: string;
                                startedBy: {
                                    displayName: string;
                                    id: number;
                                    username: string;
                                } | null;
                                state: "running" | "finished" | "failed";
                                /**
                                 * Format: date-time
                                 * @description End of the period, exclusive
                                 */
                                to: string;
                            }[];
                            limit: number;
                            offset: number;
                            /** @description How many items match, on all pages */
                            total: number;
                        };
                    };
                };
            };
        };
        put?: never;
        /** Start an audit run over a period (security engineers); it goes on after the answer (202) — follow its progress on GET */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description YYYY-MM-DD or an ISO date-time */
                        from?: string;
                        settings?: {
                            /** @description Exfiltration correlation: hours before and after the incident */
                            correlationWindowHours?: number;
                            /** @description Public → private → public: an exposure longer than this lists its downloads */
                            exposedMinHours?: number;
                            /** @description Exfiltration correlation: bytes downloaded next to an egress incident that count as large */
                            largeDownloadBytes?: number;
                            /** @description Repeated downloads: this many downloads of one file by one user … */
                            repeatedDownloadsThreshold?: number;
                            /** @description … within this many hours */
                            repeatedDownloadsWindowHours?: number;
                            /** @description A test project's name or description matches this regular expression (case-insensitive) */
                            testProjectPattern?: string;
                            /** @description Top downloaders: how many users */
                            topDownloaders?: number;
                        };
                        /** @description YYYY-MM-DD (that day included) or an ISO date-time (exclusive) */
                        to?: string;
                    };
                };
            };
            responses: {
                /** @description RFC 9457 problem document */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                202: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Findings per query, when finished */
                            counts: {
                                [key: string]: number;
                            };
                            engine: "postgres" | "duckdb";
                            error: string | null;
                            finishedAt: string | null;
                            /** Format: date-time */
                            from: string;
                            id: number;
                            progress: {
                                step: string | null;
                                stepsDone: number;
                                stepsTotal: number;
                            };
                            settings: {
                                /** @description Exfiltration correlation: hours before and after the incident */
                                correlationWindowHours: number;
                                /** @description Public → private → public: an exposure longer than this lists its downloads */
                                exposedMinHours: number;
                                /** @description Exfiltration correlation: bytes downloaded next to an egress incident that count as large */
                                largeDownloadBytes: number;
                                /** @description Repeated downloads: this many downloads of one file by one user … */
                                repeatedDownloadsThreshold: number;
                                /** @description … within this many hours */
                                repeatedDownloadsWindowHours: number;
                                /** @description A test project's name or description matches this regular expression (case-insensitive) */
                                testProjectPattern: string;
                                /** @description Top downloaders: how many users */
                                topDownloaders: number;
                            };
                            /** Format: date-time */
                            startedAt: string;
                            startedBy: {
                                displayName: string;
                                id: number;
                                username: string;
                            } | null;
                            state: "running" | "finished" | "failed";
                            /**
                             * Format: date-time
                             * @description End of the period, exclusive
                             */
                            to: string;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/audit/runs/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One audit run, with its progress while it runs */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description Audit run id */
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description RFC 9457 problem document */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Findings per query, when finished */
                            counts: {
                                [key: string]: number;
                            };
                            engine: "postgres" | "duckdb";
                            error: string | null;
                            finishedAt: string | null;
                            /** Format: date-time */
                            from: string;
                            id: number;
                            progress: {
                                step: string | null;
                                stepsDone: number;
                                stepsTotal: number;
                            };
                            settings: {
                                /** @description Exfiltration correlation: hours before and after the incident */
                                correlationWindowHours: number;
                                /** @description Public → private → public: an exposure longer than this lists its downloads */
                                exposedMinHours: number;
                                /** @description Exfiltration correlation: bytes downloaded next to an egress incident that count as large */
                                largeDownloadBytes: number;
                                /** @description Repeated downloads: this many downloads of one file by one user … */
                                repeatedDownloadsThreshold: number;
                                /** @description … within this many hours */
                                repeatedDownloadsWindowHours: number;
                                /** @description A test project's name or description matches this regular expression (case-insensitive) */
                                testProjectPattern: string;
                                /** @description Top downloaders: how many users */
                                topDownloaders: number;
                            };
                            /** Format: date-time */
                            startedAt: string;
                            startedBy: {
                                displayName: string;
                                id: number;
                                username: string;
                            } | null;
                            state: "running" | "finished" | "failed";
                            /**
                             * Format: date-time
                             * @description End of the period, exclusive
                             */
                            to: string;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/audit/runs/{id}/findings": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A run's findings as it found them, filtered, with project, entity (and path), user and owner names */
        get: {
            parameters: {
                query?: {
                    limit?: number;
                    offset?: number;
                    ownerId?: number;
                    /** @description syn123 */
                    projectId?: string;
                    query?: "restriction-change" | "top-downloaders" | "md5-duplicates" | "unqualified-access" | "repeated-downloads" | "exfiltration-correlation" | "tier-revoked-downloads" | "self-approval" | "terms-changed-after-approval";
                    state?: "new" | "contacted" | "explained" | "incident" | "closed";
                    useCase?: string;
                };
                header?: never;
                path: {
                    /** @description Audit run id */
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description RFC 9457 problem document */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: {
                                action: string | null;
                                /** @description The facts as the query found them (in a run: as that run saw them) */
                                detail: {
                                    [key: string]: unknown;
                                };
                                entityId: string | null;
                                entityName: string | null;
                                entityPath: string | null;
                                fingerprint: string;
                                id: number;
                                /** Format: date-time */
                                occurredAt: string;
                                owner: {
                                    displayName: string;
                                    id: number;
                                    username: string;
                                } | null;
                                projectId: string | null;
                                projectName: string | null;
                                query: "restriction-change" | "top-downloaders" | "md5-duplicates" | "unqualified-access" | "repeated-downloads" | "exfiltration-correlation" | "tier-revoked-downloads" | "self-approval" | "terms-changed-after-approval";
                                /** Format: date-time */
                                raisedAt: string;
                                raisedBy: "continuous" | "periodic";
                                state: "new" | "contacted" | "explained" | "incident" | "closed";
                                summary: string;
                                useCase: string | null;
                                user: {
                                    displayName: string;
                                    id: number;
                                    username: string;
                                } | null;
                            }[];
                            limit: number;
                            offset: number;
                            /** @description How many items match, on all pages */
                            total: number;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/audit/runs/{id}/pivot": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The run's pivots by project: restriction changes (by use case) and MD5 duplicates */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description Audit run id */
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description RFC 9457 problem document */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            md5Duplicates: {
                                projectId: string | null;
                                projectName: string | null;
                                total: number;
                            }[];
                            restrictionChanges: {
                                byUseCase: {
                                    [key: string]: number;
                                };
                                projectId: string | null;
                                projectName: string | null;
                                total: number;
                            }[];
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/audit/schedule": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Whether an audit is due (first two weeks of January and July), the proposed period, the last run */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description RFC 9457 problem document */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Inside a window and no run yet for the proposed period */
                            due: boolean;
                            /** @description In the first two weeks of January or July */
                            inWindow: boolean;
                            lastRun: {
                                /** @description Findings per query, when finished */
                                counts: {
                                    [key: string]: number;
                                };
                                engine: "postgres" | "duckdb";
                                error: string | null;
                                finishedAt: string | null;
                                /** Format: date-time */
                                from: string;
                                id: number;
                                progress: {
                                    step: string | null;
                                    stepsDone: number;
                                    stepsTotal: number;
                                };
                                settings: {
                                    /** @description Exfiltration correlation: hours before and after the incident */
                                    correlationWindowHours: number;
                                    /** @description Public → private → public: an exposure longer than this lists its downloads */
                                    exposedMinHours: number;
                                    /** @description Exfiltration correlation: bytes downloaded next to an egress incident that count as large */
                                    largeDownloadBytes: number;
                                    /** @description Repeated downloads: this many downloads of one file by one user … */
                                    repeatedDownloadsThreshold: number;
                                    /** @description … within this many hours */
                                    repeatedDownloadsWindowHours: number;
                                    /** @description A test project's name or description matches this regular expression (case-insensitive) */
                                    testProjectPattern: string;
                                    /** @description Top downloaders: how many users */
                                    topDownloaders: number;
                                };
                                /** Format: date-time */
                                startedAt: string;
                                startedBy: {
                                    displayName: string;
                                    id: number;
                                    username: string;
                                } | null;
                                state: "running" | "finished" | "failed";
                                /**
                                 * Format: date-time
                                 * @description End of the period, exclusive
                                 */
                                to: string;
                            } | null;
                            proposedPeriod: {
                                /** Format: date-time */
                                from: string;
                                /** Format: date-time */
                                to: string;
                            };
                            window: {
                                /** Format: date-time */
                                from: string;
                                /** Format: date-time */
                                to: string;
                            };
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/audit/templates": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The contact templates in force, with their history (audit readers) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description RFC 9457 problem document */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: {
                                body: string;
                                /** Format: date-time */
                                changedAt: string;
                                changedBy: {
                                    displayName: string;
                                    id: number;
                                } | null;
                                history: {
                                    body: string;
                                    /** Format: date-time */
                                    changedAt: string;
                                    changedBy: {
                                        displayName: string;
                                        id: number;
                                    } | null;
                                    subject: string;
                                    version: number;
                                }[];
                                key: string;
                                placeholders: string[];
                                subject: string;
                                title: string;
                                to: "user" | "project-owner" | "community-manager";
                                version: number;
                            }[];
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/audit/templates/{key}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /** Save a new version of a contact template (ACT); placeholders {name}, {project}, {entities}, {period}, {auditor} */
        put: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    key: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        body: string;
                        expectedVersion?: number;
                        subject: string;
                    };
                };
            };
            responses: {
                /** @description RFC 9457 problem document */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            body: string;
                            /** Format: date-time */
                            changedAt: string;
                            changedBy: {
                                displayName: string;
                                id: number;
                            } | null;
                            key: string;
                            subject: string;
                            title: string;
                            to: "user" | "project-owner" | "community-manager";
                            version: number;
                        };
                    };
                };
            };
        };
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/login": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Sign in with a password (and a TOTP or recovery code when 2FA is enabled); sets the session cookie */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        password: string;
                        /** @description A one-time recovery code instead of the 6-digit code */
                        recoveryCode?: string;
                        /** @description The 6-digit code, when 2FA is enabled */
                        totp?: string;
                        username: string;
                    };
                };
            };
            responses: {
                /** @description RFC 9457 problem document */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            user: {
                                acceptedTerms: boolean;
                                displayName: string;
                                email: string;
                                id: number;
                                isAct: boolean;
                                isAdmin: boolean;
                                isCertified: boolean;
                                /** @description Director of Governance */
                                isGovernance: boolean;
                                /** @description Security Engineer */
                                isSecurity: boolean;
                                isValidated: boolean;
                                twoFactorEnabled: boolean;
                                username: string;
                            };
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/logout": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Sign out: ends the session of the cookie */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description RFC 9457 problem document */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/oidc": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Whether single sign-on is set up, for the sign-in page; with ?error=<code>, the message to show */
        get: {
            parameters: {
                query?: {
                    error?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description RFC 9457 problem document */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description The button reads "Sign in with <displayName>" */
                            displayName: string;
                            enabled: boolean;
                            /** @description The message for ?error=<code> */
                            error?: {
                                code: string;
                                message: string;
                            };
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/oidc/callback": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Where the provider sends the browser back: signs in and redirects to returnTo, or to /signin?error=<code> */
        get: {
            parameters: {
                query?: {
                    code?: string;
                    error?: string;
                    error_description?: string;
                    iss?: string;
                    state?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description RFC 9457 problem document */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/oidc/start": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Starts single sign-on: redirects to the provider, and later back to returnTo (a path on this server) */
        get: {
            parameters: {
                query?: {
                    returnTo?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description RFC 9457 problem document */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/oidc/totp": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** The second step of single sign-on for an account with two-factor authentication; sets the session cookie */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description A one-time recovery code instead of the 6-digit code */
                        recoveryCode?: string;
                        /** @description The 6-digit code */
                        totp?: string;
                    };
                };
            };
            responses: {
                /** @description RFC 9457 problem document */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            returnTo: string;
                            user: {
                                acceptedTerms: boolean;
                                displayName: string;
                                email: string;
                                id: number;
                                isAct: boolean;
                                isAdmin: boolean;
                                isCertified: boolean;
                                /** @description Director of Governance */
                                isGovernance: boolean;
                                /** @description Security Engineer */
                                isSecurity: boolean;
                                isValidated: boolean;
                                twoFactorEnabled: boolean;
                                username: string;
                            };
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/certification/quiz": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The certification quiz (without its answers) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description RFC 9457 problem document */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            passingScore: number;
                            questions: {
                                id: string;
                                options: {
                                    id: string;
                                    text: string;
                                }[];
                                prompt: string;
                            }[];
                            version: string;
                        };
                    };
                };
            };
        };
        put?: never;
        /** Answer the certification quiz; passing it makes me certified */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description Question id → chosen option id */
                        answers: {
                            [key: string]: string;
                        };
                    };
                };
            };
            responses: {
                /** @description RFC 9457 problem document */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            correct: number;
                            /** @description Ids of the questions answered wrongly or not at all */
                            incorrect: string[];
                            passed: boolean;
                            passingScore: number;
                            total: number;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/decisions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** One decision: may this user take this action on this entity, which rule decided, and what would lift a denial */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        action: "READ" | "DOWNLOAD" | "CREATE" | "UPDATE" | "DELETE" | "CHANGE_PERMISSIONS" | "SHARE" | "CHANGE_SETTINGS" | "MODERATE" | "COMPUTE" | "REMOVE_ACL" | "READ_ACL";
                        createType?: "project" | "folder" | "file";
                        entityId: string | number;
                        shareChange?: ("READ" | "DOWNLOAD" | "CREATE" | "UPDATE" | "DELETE" | "CHANGE_PERMISSIONS" | "CHANGE_SETTINGS" | "MODERATE" | "SHARE" | "COMPUTE")[];
                        /** @description Default: the caller; null: an anonymous caller */
                        userId?: number | null;
                    };
                };
            };
            responses: {
                /** @description RFC 9457 problem document */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            action: string;
                            actionsRequired: {
                                accessRequirementId?: number;
                                benefactorId?: string;
                                exemptionEligibleTeamIds?: number[];
                                groups?: number[];
                                type: string;
                            }[];
                            entityId: string;
                            granted: boolean;
                            /** @description The exact message of a denial */
                            message: string | null;
                            /** @description The rule of the chain that decided */
                            rule: string;
                            /** @description The HTTP status a resource endpoint answers with for this decision */
                            status: number;
                            userId: number | null;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/decisions/batch": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Many decisions at one state: one user and up to 1000 entities, or one entity and up to 1000 users */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        action: "READ" | "DOWNLOAD" | "CREATE" | "UPDATE" | "DELETE" | "CHANGE_PERMISSIONS" | "SHARE" | "CHANGE_SETTINGS" | "MODERATE" | "COMPUTE" | "REMOVE_ACL" | "READ_ACL";
                        entityId?: string | number;
                        entityIds?: (string | number)[];
                        userId?: number | null;
                        userIds?: (number | null)[];
                    };
                };
            };
            responses: {
                /** @description RFC 9457 problem document */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: {
                                action: string;
                                actionsRequired: {
                                    accessRequirementId?: number;
                                    benefactorId?: string;
                                    exemptionEligibleTeamIds?: number[];
                                    groups?: number[];
                                    type: string;
                                }[];
                                entityId: string;
                                granted: boolean;
                                /** @description The exact message of a denial */
                                message: string | null;
                                /** @description The rule of the chain that decided */
                                rule: string;
                                /** @description The HTTP status a resource endpoint answers with for this decision */
                                status: number;
                                userId: number | null;
                            }[];
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/download-list": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** My download list: what can be downloaded now, and what would unlock the rest */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description RFC 9457 problem document */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: {
                                actionsRequired: {
                                    accessRequirementId?: number;
                                    benefactorId?: string;
                                    exemptionEligibleTeamIds?: number[];
                                    groups?: number[];
                                    type: string;
                                }[];
                                canDownload: boolean;
                                /** @description Entity id, e.g. syn123 */
                                entityId: string;
                                message: string | null;
                                name: string;
                                size: number | null;
                                versionNumber: number | null;
                            }[];
                            summary: {
                                actions: {
                                    action: {
                                        accessRequirementId?: number;
                                        benefactorId?: string;
                                        exemptionEligibleTeamIds?: number[];
                                        groups?: number[];
                                        type: string;
                                    };
                                    /** @description Files this action would unlock */
                                    count: number;
                                }[];
                                eligible: number;
                                ineligible: number;
                            };
                        };
                    };
                };
            };
        };
        put?: never;
        /** Add files to my download list (at most 1000 files on it) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        entityIds: (string | number)[];
                    };
                };
            };
            responses: {
                /** @description RFC 9457 problem document */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: {
                                actionsRequired: {
                                    accessRequirementId?: number;
                                    benefactorId?: string;
                                    exemptionEligibleTeamIds?: number[];
                                    groups?: number[];
                                    type: string;
                                }[];
                                canDownload: boolean;
                                /** @description Entity id, e.g. syn123 */
                                entityId: string;
                                message: string | null;
                                name: string;
                                size: number | null;
                                versionNumber: number | null;
                            }[];
                            summary: {
                                actions: {
                                    action: {
                                        accessRequirementId?: number;
                                        benefactorId?: string;
                                        exemptionEligibleTeamIds?: number[];
                                        groups?: number[];
                                        type: string;
                                    };
                                    /** @description Files this action would unlock */
                                    count: number;
                                }[];
                                eligible: number;
                                ineligible: number;
                            };
                        };
                    };
                };
            };
        };
        /** Empty my download list */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description RFC 9457 problem document */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/download-list/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Take a file off my download list */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description Entity id, e.g. syn123 */
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description RFC 9457 problem document */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/download-list/package": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Download the files of my list that I can download now, as one zip; they leave the list once served */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": Record<string, never>;
                };
            };
            responses: {
                /** @description RFC 9457 problem document */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/egress/bypass-requests": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Large data download requests, newest first: a user's own; every one for security engineers and admins */
        get: {
            parameters: {
                query?: {
                    limit?: number;
                    offset?: number;
                    state?: "pending" | "approved" | "declined" | "withdrawn";
                    userId?: number;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description RFC 9457 problem document */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: {
                                bypassWindowId: number | null;
                                bytes: number;
                                /** Format: date-time */
                                createdAt: string;
                                decidedAt: string | null;
                                decidedBy: number | null;
                                decisionReason: string | null;
                                from: string | null;
                                id: number;
                                justification: string;
                                projectId: string | null;
                                state: "pending" | "approved" | "declined" | "withdrawn";
                                until: string | null;
                                userId: number;
                                username: string;
                                window: {
                                    capBytes: number;
                                    /** Format: date-time */
                                    from: string;
                                    revokedAt: string | null;
                                    /** Format: date-time */
                                    until: string;
                                } | null;
                            }[];
                            limit: number;
                            offset: number;
                            /** @description How many items match, on all pages */
                            total: number;
                        };
                    };
                };
            };
        };
        put?: never;
        /** Ask for a bypass window for a large transfer (any signed-in user, for themself); the security engineers are told */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description Bytes */
                        bytes: number;
                        /** Format: date-time */
                        from?: string;
                        justification: string;
                        /** @description The project the data is from, e.g. syn123 */
                        projectId?: string;
                        /** Format: date-time */
                        until?: string;
                    };
                };
            };
            responses: {
                /** @description RFC 9457 problem document */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            bypassWindowId: number | null;
                            bytes: number;
                            /** Format: date-time */
                            createdAt: string;
                            decidedAt: string | null;
                            decidedBy: number | null;
                            decisionReason: string | null;
                            from: string | null;
                            id: number;
                            justification: string;
                            projectId: string | null;
                            state: "pending" | "approved" | "declined" | "withdrawn";
                            until: string | null;
                            userId: number;
                            username: string;
                            window: {
                                capBytes: number;
                                /** Format: date-time */
                                from: string;
                                revokedAt: string | null;
                                /** Format: date-time */
                                until: string;
                            } | null;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/egress/bypass-requests/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One large data download request: for the requester and security engineers; 404 for anyone else */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description Large data download request id */
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description RFC 9457 problem document */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            bypassWindowId: number | null;
                            bytes: number;
                            /** Format: date-time */
                            createdAt: string;
                            decidedAt: string | null;
                            decidedBy: number | null;
                            decisionReason: string | null;
                            from: string | null;
                            id: number;
                            justification: string;
                            projectId: string | null;
                            state: "pending" | "approved" | "declined" | "withdrawn";
                            until: string | null;
                            userId: number;
                            username: string;
                            window: {
                                capBytes: number;
                                /** Format: date-time */
                                from: string;
                                revokedAt: string | null;
                                /** Format: date-time */
                                until: string;
                            } | null;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/egress/bypass-requests/{id}/decision": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Approve (a bypass window is granted, cap = capBytes or the bytes asked for) or decline; the user is told (security engineers) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description Large data download request id */
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description Bytes */
                        capBytes?: number;
                        decision: "approve" | "decline";
                        /** Format: date-time */
                        from?: string;
                        reason: string;
                        /** Format: date-time */
                        until?: string;
                    };
                };
            };
            responses: {
                /** @description RFC 9457 problem document */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            bypassWindowId: number | null;
                            bytes: number;
                            /** Format: date-time */
                            createdAt: string;
                            decidedAt: string | null;
                            decidedBy: number | null;
                            decisionReason: string | null;
                            from: string | null;
                            id: number;
                            justification: string;
                            projectId: string | null;
                            state: "pending" | "approved" | "declined" | "withdrawn";
                            until: string | null;
                            userId: number;
                            username: string;
                            window: {
                                capBytes: number;
                                /** Format: date-time */
                                from: string;
                                revokedAt: string | null;
                                /** Format: date-time */
                                until: string;
                            } | null;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/egress/bypass-requests/{id}/withdraw": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** The requester withdraws a pending request */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description Large data download request id */
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description RFC 9457 problem document */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            bypassWindowId: number | null;
                            bytes: number;
                            /** Format: date-time */
                            createdAt: string;
                            decidedAt: string | null;
                            decidedBy: number | null;
                            decisionReason: string | null;
                            from: string | null;
                            id: number;
                            justification: string;
                            projectId: string | null;
                            state: "pending" | "approved" | "declined" | "withdrawn";
                            until: string | null;
                            userId: number;
                            username: string;
                            window: {
                                capBytes: number;
                                /** Format: date-time */
                                from: string;
                                revokedAt: string | null;
                                /** Format: date-time */
                                until: string;
                            } | null;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/egress/bypass-windows": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Bypass windows, newest first (security engineers) */
        get: {
            parameters: {
                query?: {
                    limit?: number;
                    offset?: number;
                    userId?: number;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description RFC 9457 problem document */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: {
                                capBytes: number;
                                /** Format: date-time */
                                from: string;
                                /** Format: date-time */
                                grantedAt: string;
                                grantedBy: number | null;
                                id: number;
                                reason: string;
                                revokedAt: string | null;
                                /** Format: date-time */
                                until: string;
                                userId: number;
                            }[];
                            limit: number;
                            offset: number;
                            /** @description How many items match, on all pages */
                            total: number;
                        };
                    };
                };
            };
        };
        put?: never;
        /** Grant a bypass window: the user's egress up to a cap is let through (security engineers) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        capBytes: number;
                        /** Format: date-time */
                        from?: string;
                        reason: string;
                        /** Format: date-time */
                        until?: string;
                        userId: number;
                    };
                };
            };
            responses: {
                /** @description RFC 9457 problem document */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            capBytes: number;
                            /** Format: date-time */
                            from: string;
                            /** Format: date-time */
                            grantedAt: string;
                            grantedBy: number | null;
                            id: number;
                            reason: string;
                            revokedAt: string | null;
                            /** Format: date-time */
                            until: string;
                            userId: number;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/egress/bypass-windows/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Revoke a bypass window now */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description RFC 9457 problem document */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            capBytes: number;
                            /** Format: date-time */
                            from: string;
                            /** Format: date-time */
                            grantedAt: string;
                            grantedBy: number | null;
                            id: number;
                            reason: string;
                            revokedAt: string | null;
                            /** Format: date-time */
                            until: string;
                            userId: number;
                        };
                    };
                };
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/egress/deliveries": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Deliveries received on the events endpoint, refused ones included, newest first (security engineers) */
        get: {
            parameters: {
                query?: {
                    limit?: number;
                    offset?: number;
                    result?: "accepted" | "partial" | "refused";
                    sourceId?: number;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description RFC 9457 problem document */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: {
                                /** @description The raw body as received, up to EGRESS_STORED_BODY_BYTES */
                                body: string;
                                bodyBytes: number;
                                bodyTruncated: boolean;
                                detail: string | null;
                                eventsAccepted: number;
                                eventsDuplicate: number;
                                eventsRefused: number;
                                id: number;
                                reason: string | null;
                                /** Format: date-time */
                                receivedAt: string;
                                refusals: {
                                    code: string;
                                    detail: string;
                                    eventId: string | null;
                                    index: number;
                                }[];
                                remoteAddress: string | null;
                                result: "accepted" | "partial" | "refused";
                                sourceId: number | null;
                                sourceName: string | null;
                            }[];
                            limit: number;
                            offset: number;
                            /** @description How many items match, on all pages */
                            total: number;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/egress/deliveries/floods": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Addresses that sent more refused deliveries in a minute than are stored: counted per address and minute, newest first (security engineers) */
        get: {
            parameters: {
                query?: {
                    limit?: number;
                    offset?: number;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description RFC 9457 problem document */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: {
                                /** @description Refused deliveries counted, not stored */
                                deliveries: number;
                                /** Format: date-time */
                                firstAt: string;
                                /** Format: date-time */
                                lastAt: string;
                                lastReason: string;
                                /** Format: date-time */
                                minute: string;
                                remoteAddress: string;
                                sourceName: string | null;
                            }[];
                            limit: number;
                            offset: number;
                            /** @description How many items match, on all pages */
                            total: number;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/egress/events": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Egress events received, newest first (security engineers) */
        get: {
            parameters: {
                query?: {
                    /** @description false: only the unattributed events */
                    attributed?: boolean;
                    /** @description Observed at or after */
                    from?: string;
                    limit?: number;
                    offset?: number;
                    /** @description Project entity id */
                    project?: string;
                    /** @description Source name */
                    source?: string;
                    /** @description Observed before */
                    to?: string;
                    /** @description User id or username */
                    user?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description RFC 9457 problem document */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: {
                                /** @description False: neither a known runtime nor a known user was named */
                                attributed: boolean;
                                attributedBy: "runtime" | "user" | "none";
                                bytes: number;
                                /** @description As the source named them */
                                claimed: {
                                    projectId: string | null;
                                    runtimeId: string | null;
                                    user: string | null;
                                };
                                deliveryId: number;
                                /** @description The source's id for the event */
                                eventId: string;
                                id: number;
                                kind: string;
                                /** Format: date-time */
                                observedAt: string;
                                payload: {
                                    [key: string]: unknown;
                                };
                                projectId: string | null;
                                /** Format: date-time */
                                receivedAt: string;
                                runtimeId: number | null;
                                source: string;
                                sourceId: number;
                                userId: number | null;
                                username: string | null;
                                windowSeconds: number;
                                /** Format: date-time */
                                windowStart: string;
                            }[];
                            limit: number;
                            offset: number;
                            /** @description How many items match, on all pages */
                            total: number;
                        };
                    };
                };
            };
        };
        put?: never;
        /**
         * Receive egress events from a registered source (signed; one event or a batch of up to 500)
         * @description Headers: Gatehouse-Source: <source name>; Gatehouse-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>"> (several v1 while a secret is rotated). A timestamp more than 5 minutes off is refused; a replayed eventId is answered as a duplicate. Every delivery is stored, refused ones too (GET /api/v1/egress/deliveries). A batch answers per event.
         */
        post: {
            parameters: {
                query?: never;
                header?: {
                    /** @description t=<unix seconds>,v1=<hex> */
                    "gatehouse-signature"?: string;
                    /** @description The source name */
                    "gatehouse-source"?: string;
                };
                path?: never;
                cookie?: never;
            };
            /** @description One event, or a batch of up to 500 */
            requestBody: {
                content: {
                    "application/json": {
                        /** @description Bytes that left in the window */
                        bytes: number;
                        /** @description The source's own id for the event; a replay of it is answered as a duplicate */
                        eventId: string;
                        /** @description network, object-names, query-result, … */
                        kind: string;
                        /** @description RFC 3339 date-time */
                        observedAt: string;
                        /** @description The source's raw record, kept as sent */
                        payload?: {
                            [key: string]: unknown;
                        };
                        /** @description The project (entity id, e.g. syn123) */
                        projectId?: string;
                        /** @description A registered runtime: its Gatehouse id, or the orchestrator's id for it (externalId). It gives the user and the project */
                        runtimeId?: string | number;
                        /** @description The Gatehouse user: id or username */
                        user?: string | number;
                        windowSeconds: number;
                        /** @description RFC 3339 date-time */
                        windowStart: string;
                    } | {
                        /** @description Bytes that left in the window */
                        bytes: number;
                        /** @description The source's own id for the event; a replay of it is answered as a duplicate */
                        eventId: string;
                        /** @description network, object-names, query-result, … */
                        kind: string;
                        /** @description RFC 3339 date-time */
                        observedAt: string;
                        /** @description The source's raw record, kept as sent */
                        payload?: {
                            [key: string]: unknown;
                        };
                        /** @description The project (entity id, e.g. syn123) */
                        projectId?: string;
                        /** @description A registered runtime: its Gatehouse id, or the orchestrator's id for it (externalId). It gives the user and the project */
                        runtimeId?: string | number;
                        /** @description The Gatehouse user: id or username */
                        user?: string | number;
                        windowSeconds: number;
                        /** @description RFC 3339 date-time */
                        windowStart: string;
                    }[];
                };
            };
            responses: {
                /** @description RFC 9457 problem document */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            accepted: number;
                            deliveryId: number;
                            duplicates: number;
                            refused: number;
                            results: {
                                attributed?: boolean;
                                /** @description Why refused */
                                code?: string;
                                detail?: string;
                                eventId: string | null;
                                /** @description The stored event (accepted, duplicate) */
                                id?: number;
                                /** @description Position in the batch (0 for a single event) */
                                index: number;
                                result: "accepted" | "duplicate" | "refused";
                            }[];
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/egress/incidents": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Egress incidents, newest first (security engineers) */
        get: {
            parameters: {
                query?: {
                    limit?: number;
                    offset?: number;
                    /** @description true: only incidents not closed (open, awaiting-user, under-review); false: only closed ones */
                    open?: boolean;
                    project?: string;
                    state?: "open" | "awaiting-user" | "under-review" | "closed-false-positive" | "closed-remediated" | "closed-reinstated";
                    /** @description User id or username */
                    user?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description RFC 9457 problem document */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: {
                                actions?: {
                                    [key: string]: unknown;
                                }[];
                                answeredAt: string | null;
                                answers: {
                                    answer: string;
                                    question: string;
                                }[] | null;
                                assessedAt?: string | null;
                                assessedBy?: number | null;
                                assessment?: {
                                    amountBytes?: number;
                                    maliciousIntentSuspected?: boolean;
                                    manualOrScripted?: "manual" | "scripted" | "unknown";
                                    method?: string;
                                    notes?: string;
                                    piiInvolved?: boolean;
                                    ports?: number[];
                                    rate?: string;
                                } | null;
                                bytes: number;
                                counting: "counted" | "bypassed";
                                decidedAt: string | null;
                                decidedBy?: number | null;
                                decision: string | null;
                                decisionReason: string | null;
                                eventIds?: number[];
                                /** Format: date-time */
                                firstEventAt: string;
                                id: number;
                                /** Format: date-time */
                                lastEventAt: string;
                                projectId: string | null;
                                /** @description The policy's questions, {time} filled in */
                                questions: string[];
                                runtimeIds: number[];
                                state: "open" | "awaiting-user" | "under-review" | "closed-false-positive" | "closed-remediated" | "closed-reinstated";
                                userId: number;
                                username: string;
                            }[];
                            limit: number;
                            offset: number;
                            /** @description How many items match, on all pages */
                            total: number;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/egress/incidents/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One egress incident: for the engineer in full, for the user it concerns without the assessment */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description Egress incident id */
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description RFC 9457 problem document */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            actions?: {
                                [key: string]: unknown;
                            }[];
                            answeredAt: string | null;
                            answers: {
                                answer: string;
                                question: string;
                            }[] | null;
                            assessedAt?: string | null;
                            assessedBy?: number | null;
                            assessment?: {
                                amountBytes?: number;
                                maliciousIntentSuspected?: boolean;
                                manualOrScripted?: "manual" | "scripted" | "unknown";
                                method?: string;
                                notes?: string;
                                piiInvolved?: boolean;
                                ports?: number[];
                                rate?: string;
                            } | null;
                            bytes: number;
                            counting: "counted" | "bypassed";
                            decidedAt: string | null;
                            decidedBy?: number | null;
                            decision: string | null;
                            decisionReason: string | null;
                            eventIds?: number[];
                            /** Format: date-time */
                            firstEventAt: string;
                            id: number;
                            /** Format: date-time */
                            lastEventAt: string;
                            projectId: string | null;
                            /** @description The policy's questions, {time} filled in */
                            questions: string[];
                            runtimeIds: number[];
                            state: "open" | "awaiting-user" | "under-review" | "closed-false-positive" | "closed-remediated" | "closed-reinstated";
                            userId: number;
                            username: string;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/egress/incidents/{id}/answers": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** The user answers the incident's questions (late answers accepted); the engineers are told */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description Egress incident id */
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        answers: string[];
                    };
                };
            };
            responses: {
                /** @description RFC 9457 problem document */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            actions?: {
                                [key: string]: unknown;
                            }[];
                            answeredAt: string | null;
                            answers: {
                                answer: string;
                                question: string;
                            }[] | null;
                            assessedAt?: string | null;
                            assessedBy?: number | null;
                            assessment?: {
                                amountBytes?: number;
                                maliciousIntentSuspected?: boolean;
                                manualOrScripted?: "manual" | "scripted" | "unknown";
                                method?: string;
                                notes?: string;
                                piiInvolved?: boolean;
                                ports?: number[];
                                rate?: string;
                            } | null;
                            bytes: number;
                            counting: "counted" | "bypassed";
                            decidedAt: string | null;
                            decidedBy?: number | null;
                            decision: string | null;
                            decisionReason: string | null;
                            eventIds?: number[];
                            /** Format: date-time */
                            firstEventAt: string;
                            id: number;
                            /** Format: date-time */
                            lastEventAt: string;
                            projectId: string | null;
                            /** @description The policy's questions, {time} filled in */
                            questions: string[];
                            runtimeIds: number[];
                            state: "open" | "awaiting-user" | "under-review" | "closed-false-positive" | "closed-remediated" | "closed-reinstated";
                            userId: number;
                            username: string;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/egress/incidents/{id}/assessment": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /** The engineer's assessment of an incident */
        put: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description Egress incident id */
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        amountBytes?: number;
                        maliciousIntentSuspected?: boolean;
                        manualOrScripted?: "manual" | "scripted" | "unknown";
                        method?: string;
                        notes?: string;
                        piiInvolved?: boolean;
                        ports?: number[];
                        rate?: string;
                    };
                };
            };
            responses: {
                /** @description RFC 9457 problem document */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            actions?: {
                                [key: string]: unknown;
                            }[];
                            answeredAt: string | null;
                            answers: {
                                answer: string;
                                question: string;
                            }[] | null;
                            assessedAt?: string | null;
                            assessedBy?: number | null;
                            assessment?: {
                                amountBytes?: number;
                                maliciousIntentSuspected?: boolean;
                                manualOrScripted?: "manual" | "scripted" | "unknown";
                                method?: string;
                                notes?: string;
                                piiInvolved?: boolean;
                                ports?: number[];
                                rate?: string;
                            } | null;
                            bytes: number;
                            counting: "counted" | "bypassed";
                            decidedAt: string | null;
                            decidedBy?: number | null;
                            decision: string | null;
                            decisionReason: string | null;
                            eventIds?: number[];
                            /** Format: date-time */
                            firstEventAt: string;
                            id: number;
                            /** Format: date-time */
                            lastEventAt: string;
                            projectId: string | null;
                            /** @description The policy's questions, {time} filled in */
                            questions: string[];
                            runtimeIds: number[];
                            state: "open" | "awaiting-user" | "under-review" | "closed-false-positive" | "closed-remediated" | "closed-reinstated";
                            userId: number;
                            username: string;
                        };
                    };
                };
            };
        };
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/egress/incidents/{id}/context": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** What the engineer reads beside an incident: its monitor events and Gatehouse downloads, the user's downloads of the last 7 days, runtimes and earlier incidents (security engineers) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description Egress incident id */
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description RFC 9457 problem document */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            earlierIncidents: {
                                bytes: number;
                                counting: string;
                                /** Format: date-time */
                                firstEventAt: string;
                                id: number;
                                state: "open" | "awaiting-user" | "under-review" | "closed-false-positive" | "closed-remediated" | "closed-reinstated";
                            }[];
                            runtimes: {
                                /** Format: date-time */
                                createdAt: string;
                                id: number;
                                name: string;
                                projectId: string;
                                status: string;
                                stopReason: string | null;
                            }[];
                            thresholds: {
                                download: {
                                    bytes: number;
                                    windowSeconds: number;
                                }[];
                                monitor: {
                                    bytes: number;
                                    windowSeconds: number;
                                }[];
                            };
                            /** @description The incident's events and downloads, then the user's other downloads of the last 7 days, by time */
                            timeline: {
                                /** Format: date-time */
                                at: string;
                                bytes: number;
                                /** @description The event's kind and source, or the download's kind and state */
                                detail: string;
                                /** @description egress event id or egress download id */
                                id: number;
                                inIncident: boolean;
                                projectId: string | null;
                                runtimeId: number | null;
                                source: "monitor" | "download";
                                state: string | null;
                            }[];
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/egress/incidents/{id}/decision": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Close an incident: false-positive (no longer counted), remediated, or reinstate (account enabled, suspension lifted) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description Egress incident id */
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        decision: "false-positive" | "remediated" | "reinstate";
                        reason: string;
                    };
                };
            };
            responses: {
                /** @description RFC 9457 problem document */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            actions?: {
                                [key: string]: unknown;
                            }[];
                            answeredAt: string | null;
                            answers: {
                                answer: string;
                                question: string;
                            }[] | null;
                            assessedAt?: string | null;
                            assessedBy?: number | null;
                            assessment?: {
                                amountBytes?: number;
                                maliciousIntentSuspected?: boolean;
                                manualOrScripted?: "manual" | "scripted" | "unknown";
                                method?: string;
                                notes?: string;
                                piiInvolved?: boolean;
                                ports?: number[];
                                rate?: string;
                            } | null;
                            bytes: number;
                            counting: "counted" | "bypassed";
                            decidedAt: string | null;
                            decidedBy?: number | null;
                            decision: string | null;
                            decisionReason: string | null;
                            eventIds?: number[];
                            /** Format: date-time */
                            firstEventAt: string;
                            id: number;
                            /** Format: date-time */
                            lastEventAt: string;
                            projectId: string | null;
                            /** @description The policy's questions, {time} filled in */
                            questions: string[];
                            runtimeIds: number[];
                            state: "open" | "awaiting-user" | "under-review" | "closed-false-positive" | "closed-remediated" | "closed-reinstated";
                            userId: number;
                            username: string;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/egress/policy": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The egress policy in force (security engineers) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description RFC 9457 problem document */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** Format: date-time */
                            createdAt: string;
                            createdBy: number | null;
                            createdByName: string | null;
                            policy: {
                                /** @description How long a bypass window lasts unless the engineer says otherwise */
                                defaultBypassDays: number;
                                /** @description More than this in any window disables the account at once, bypass or not */
                                highVolumeBytes: number;
                                /** @description Alerts of one user in one project this close to an incident's first alert join it */
                                incidentMergeMinutes: number;
                                /** @description Incidents this recent count towards the escalation rules */
                                lookBackDays: number;
                                /** @description Asked of the user once per incident; {time} is replaced by the incident's time */
                                questions: string[];
                                /** @description Escalation by the user's incident count; the rule with the highest count not above it applies */
                                rules: {
                                    /** @description notify the user; suspend compute and downloads for a while (stopping the runtimes); disable the account */
                                    action: "notify" | "suspend" | "disable";
                                    /** @description Applies from this many incidents in the look-back period */
                                    fromCount: number;
                                    /** @description How long a suspension lasts; only for action suspend */
                                    suspendMinutes?: number;
                                }[];
                                /** @description Largest download of summary data allowed */
                                summaryDownloadMaxBytes: number;
                                thresholds: {
                                    /** @description Limits on the bytes of row-level data Gatehouse serves */
                                    download: {
                                        /** @description Bytes allowed in the window; more than this is an alert */
                                        bytes: number;
                                        /** @description Length of the sliding window, in seconds */
                                        windowSeconds: number;
                                    }[];
                                    /** @description Limits on the egress events posted by network monitors */
                                    monitor: {
                                        /** @description Bytes allowed in the window; more than this is an alert */
                                        bytes: number;
                                        /** @description Length of the sliding window, in seconds */
                                        windowSeconds: number;
                                    }[];
                                };
                            };
                            version: number;
                        };
                    };
                };
            };
        };
        /** Save a new version of the egress policy; 409 EGRESS_POLICY_STALE when edited from an older version */
        put: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description The version the policy was edited from */
                        expectedVersion: number;
                        policy: {
                            /** @description How long a bypass window lasts unless the engineer says otherwise */
                            defaultBypassDays: number;
                            /** @description More than this in any window disables the account at once, bypass or not */
                            highVolumeBytes: number;
                            /** @description Alerts of one user in one project this close to an incident's first alert join it */
                            incidentMergeMinutes: number;
                            /** @description Incidents this recent count towards the escalation rules */
                            lookBackDays: number;
                            /** @description Asked of the user once per incident; {time} is replaced by the incident's time */
                            questions: string[];
                            /** @description Escalation by the user's incident count; the rule with the highest count not above it applies */
                            rules: {
                                /** @description notify the user; suspend compute and downloads for a while (stopping the runtimes); disable the account */
                                action: "notify" | "suspend" | "disable";
                                /** @description Applies from this many incidents in the look-back period */
                                fromCount: number;
                                /** @description How long a suspension lasts; only for action suspend */
                                suspendMinutes?: number;
                            }[];
                            /** @description Largest download of summary data allowed */
                            summaryDownloadMaxBytes: number;
                            thresholds: {
                                /** @description Limits on the bytes of row-level data Gatehouse serves */
                                download: {
                                    /** @description Bytes allowed in the window; more than this is an alert */
                                    bytes: number;
                                    /** @description Length of the sliding window, in seconds */
                                    windowSeconds: number;
                                }[];
                                /** @description Limits on the egress events posted by network monitors */
                                monitor: {
                                    /** @description Bytes allowed in the window; more than this is an alert */
                                    bytes: number;
                                    /** @description Length of the sliding window, in seconds */
                                    windowSeconds: number;
                                }[];
                            };
                        };
                    };
                };
            };
            responses: {
                /** @description RFC 9457 problem document */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** Format: date-time */
                            createdAt: string;
                            createdBy: number | null;
                            createdByName: string | null;
                            policy: {
                                /** @description How long a bypass window lasts unless the engineer says otherwise */
                                defaultBypassDays: number;
                                /** @description More than this in any window disables the account at once, bypass or not */
                                highVolumeBytes: number;
                                /** @description Alerts of one user in one project this close to an incident's first alert join it */
                                incidentMergeMinutes: number;
                                /** @description Incidents this recent count towards the escalation rules */
                                lookBackDays: number;
                                /** @description Asked of the user once per incident; {time} is replaced by the incident's time */
                                questions: string[];
                                /** @description Escalation by the user's incident count; the rule with the highest count not above it applies */
                                rules: {
                                    /** @description notify the user; suspend compute and downloads for a while (stopping the runtimes); disable the account */
                                    action: "notify" | "suspend" | "disable";
                                    /** @description Applies from this many incidents in the look-back period */
                                    fromCount: number;
                                    /** @description How long a suspension lasts; only for action suspend */
                                    suspendMinutes?: number;
                                }[];
                                /** @description Largest download of summary data allowed */
                                summaryDownloadMaxBytes: number;
                                thresholds: {
                                    /** @description Limits on the bytes of row-level data Gatehouse serves */
                                    download: {
                                        /** @description Bytes allowed in the window; more than this is an alert */
                                        bytes: number;
                                        /** @description Length of the sliding window, in seconds */
                                        windowSeconds: number;
                                    }[];
                                    /** @description Limits on the egress events posted by network monitors */
                                    monitor: {
                                        /** @description Bytes allowed in the window; more than this is an alert */
                                        bytes: number;
                                        /** @description Length of the sliding window, in seconds */
                                        windowSeconds: number;
                                    }[];
                                };
                            };
                            version: number;
                        };
                    };
                };
            };
        };
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/egress/policy/versions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The versions of the egress policy, newest first */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description RFC 9457 problem document */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: {
                                /** Format: date-time */
                                createdAt: string;
                                createdBy: number | null;
                                createdByName: string | null;
                                policy: {
                                    /** @description How long a bypass window lasts unless the engineer says otherwise */
                                    defaultBypassDays: number;
                                    /** @description More than this in any window disables the account at once, bypass or not */
                                    highVolumeBytes: number;
                                    /** @description Alerts of one user in one project this close to an incident's first alert join it */
                                    incidentMergeMinutes: number;
                                    /** @description Incidents this recent count towards the escalation rules */
                                    lookBackDays: number;
                                    /** @description Asked of the user once per incident; {time} is replaced by the incident's time */
                                    questions: string[];
                                    /** @description Escalation by the user's incident count; the rule with the highest count not above it applies */
                                    rules: {
                                        /** @description notify the user; suspend compute and downloads for a while (stopping the runtimes); disable the account */
                                        action: "notify" | "suspend" | "disable";
                                        /** @description Applies from this many incidents in the look-back period */
                                        fromCount: number;
                                        /** @description How long a suspension lasts; only for action suspend */
                                        suspendMinutes?: number;
                                    }[];
                                    /** @description Largest download of summary data allowed */
                                    summaryDownloadMaxBytes: number;
                                    thresholds: {
                                        /** @description Limits on the bytes of row-level data Gatehouse serves */
                                        download: {
                                            /** @description Bytes allowed in the window; more than this is an alert */
                                            bytes: number;
                                            /** @description Length of the sliding window, in seconds */
                                            windowSeconds: number;
                                        }[];
                                        /** @description Limits on the egress events posted by network monitors */
                                        monitor: {
                                            /** @description Bytes allowed in the window; more than this is an alert */
                                            bytes: number;
                                            /** @description Length of the sliding window, in seconds */
                                            windowSeconds: number;
                                        }[];
                                    };
                                };
                                version: number;
                            }[];
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/egress/series": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Egress over time in buckets, per source (monitor, download), with the thresholds and the incidents of the span (security engineers)
         * @description The span is [from, to): the last 24 hours by default, at most 31 days (400 SPAN_TOO_LONG); to must be after from (400 BAD_SPAN). Only row-level egress that counts is drawn: attributed monitor events, and downloads that were served, are being served, or broke off; summary and refused downloads are not.
         */
        get: {
            parameters: {
                query?: {
                    /** @description Start of the span (inclusive) */
                    from?: string;
                    /** @description Project entity id, like syn123 */
                    projectId?: string;
                    /** @description End of the span (exclusive); now by default */
                    to?: string;
                    /** @description One user (404 USER_NOT_FOUND if there is none) */
                    userId?: number;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description RFC 9457 problem document */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Every bucket of the span, empty ones too, aligned on the Unix epoch (UTC) */
                            buckets: {
                                /** @description Bytes of row-level Gatehouse downloads counted (serving, served, failed) in the bucket */
                                download: number;
                                /** @description Bytes of attributed network-monitor events observed in the bucket */
                                monitor: number;
                                /** Format: date-time */
                                start: string;
                            }[];
                            /** @description Chosen from the span: 1 minute for an hour, up to 1 day; at most 300 buckets */
                            bucketSeconds: number;
                            /** Format: date-time */
                            from: string;
                            /** @description The incidents (alerts) whose first event is in the span, oldest first, at most 500 */
                            incidents: {
                                bytes: number;
                                counting: "counted" | "bypassed";
                                /** Format: date-time */
                                firstEventAt: string;
                                id: number;
                                /** Format: date-time */
                                lastEventAt: string;
                                projectId: string | null;
                                state: string;
                                userId: number;
                                username: string;
                            }[];
                            /** @description Of the policy in force; thresholds are over sliding windows, not over buckets */
                            thresholds: {
                                download: {
                                    bytes: number;
                                    windowSeconds: number;
                                }[];
                                highVolumeBytes: number;
                                monitor: {
                                    bytes: number;
                                    windowSeconds: number;
                                }[];
                                policyVersion: number;
                            };
                            /** Format: date-time */
                            to: string;
                            totals: {
                                download: number;
                                monitor: number;
                            };
                            user: {
                                disabledReason: string | null;
                                egressSuspendedUntil: string | null;
                                id: number;
                                status: string;
                                /** @description Suspended now */
                                suspended: boolean;
                                username: string;
                            } | null;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/egress/sources": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Egress sources (security engineers) */
        get: {
            parameters: {
                query?: {
                    limit?: number;
                    offset?: number;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description RFC 9457 problem document */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: {
                                /** @description With none, every delivery is refused (fail closed) */
                                activeSecrets: number;
                                /** Format: date-time */
                                createdAt: string;
                                createdBy: number | null;
                                description: string;
                                disabledAt: string | null;
                                id: number;
                                lastDeliveryAt: string | null;
                                name: string;
                                secrets: {
                                    /** @description Verifies signatures now */
                                    active: boolean;
                                    /** Format: date-time */
                                    createdAt: string;
                                    /** @description The first characters of the secret */
                                    hint: string;
                                    id: number;
                                    retiredAt: string | null;
                                }[];
                                status: "active" | "disabled";
                            }[];
                            limit: number;
                            offset: number;
                            /** @description How many items match, on all pages */
                            total: number;
                        };
                    };
                };
            };
        };
        put?: never;
        /** Create an egress source (security engineers); its first secret is in the answer, once */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        description?: string;
                        /** @description Sent by the monitor in the Gatehouse-Source header */
                        name: string;
                    };
                };
            };
            responses: {
                /** @description RFC 9457 problem document */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Shown once: Gatehouse keeps it encrypted and never shows it again */
                            secret: string;
                            secretId: number;
                            source: {
                                /** @description With none, every delivery is refused (fail closed) */
                                activeSecrets: number;
                                /** Format: date-time */
                                createdAt: string;
                                createdBy: number | null;
                                description: string;
                                disabledAt: string | null;
                                id: number;
                                lastDeliveryAt: string | null;
                                name: string;
                                secrets: {
                                    /** @description Verifies signatures now */
                                    active: boolean;
                                    /** Format: date-time */
                                    createdAt: string;
                                    /** @description The first characters of the secret */
                                    hint: string;
                                    id: number;
                                    retiredAt: string | null;
                                }[];
                                status: "active" | "disabled";
                            };
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/egress/sources/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One egress source with its secrets (not their values) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description Egress source id */
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description RFC 9457 problem document */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description With none, every delivery is refused (fail closed) */
                            activeSecrets: number;
                            /** Format: date-time */
                            createdAt: string;
                            createdBy: number | null;
                            description: string;
                            disabledAt: string | null;
                            id: number;
                            lastDeliveryAt: string | null;
                            name: string;
                            secrets: {
                                /** @description Verifies signatures now */
                                active: boolean;
                                /** Format: date-time */
                                createdAt: string;
                                /** @description The first characters of the secret */
                                hint: string;
                                id: number;
                                retiredAt: string | null;
                            }[];
                            status: "active" | "disabled";
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/egress/sources/{id}/disable": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Disable a source: its deliveries are refused (and stored) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description Egress source id */
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        reason?: string;
                    };
                };
            };
            responses: {
                /** @description RFC 9457 problem document */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description With none, every delivery is refused (fail closed) */
                            activeSecrets: number;
                            /** Format: date-time */
                            createdAt: string;
                            createdBy: number | null;
                            description: string;
                            disabledAt: string | null;
                            id: number;
                            lastDeliveryAt: string | null;
                            name: string;
                            secrets: {
                                /** @description Verifies signatures now */
                                active: boolean;
                                /** Format: date-time */
                                createdAt: string;
                                /** @description The first characters of the secret */
                                hint: string;
                                id: number;
                                retiredAt: string | null;
                            }[];
                            status: "active" | "disabled";
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/egress/sources/{id}/enable": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Enable a disabled source again */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description Egress source id */
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        reason?: string;
                    };
                };
            };
            responses: {
                /** @description RFC 9457 problem document */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description With none, every delivery is refused (fail closed) */
                            activeSecrets: number;
                            /** Format: date-time */
                            createdAt: string;
                            createdBy: number | null;
                            description: string;
                            disabledAt: string | null;
                            id: number;
                            lastDeliveryAt: string | null;
                            name: string;
                            secrets: {
                                /** @description Verifies signatures now */
                                active: boolean;
                                /** Format: date-time */
                                createdAt: string;
                                /** @description The first characters of the secret */
                                hint: string;
                                id: number;
                                retiredAt: string | null;
                            }[];
                            status: "active" | "disabled";
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/egress/sources/{id}/secrets": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Rotate: add a secret (shown once); the active one keeps verifying for the grace period or until retired */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description Egress source id */
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description How long the current secret keeps verifying; EGRESS_ROTATION_GRACE_HOURS by default */
                        graceHours?: number;
                    };
                };
            };
            responses: {
                /** @description RFC 9457 problem document */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Shown once: Gatehouse keeps it encrypted and never shows it again */
                            secret: string;
                            secretId: number;
                            source: {
                                /** @description With none, every delivery is refused (fail closed) */
                                activeSecrets: number;
                                /** Format: date-time */
                                createdAt: string;
                                createdBy: number | null;
                                description: string;
                                disabledAt: string | null;
                                id: number;
                                lastDeliveryAt: string | null;
                                name: string;
                                secrets: {
                                    /** @description Verifies signatures now */
                                    active: boolean;
                                    /** Format: date-time */
                                    createdAt: string;
                                    /** @description The first characters of the secret */
                                    hint: string;
                                    id: number;
                                    retiredAt: string | null;
                                }[];
                                status: "active" | "disabled";
                            };
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/egress/sources/{id}/secrets/{secretId}/retire": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Retire a secret now; with no active secret left, every delivery of the source is refused */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                    secretId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description RFC 9457 problem document */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description With none, every delivery is refused (fail closed) */
                            activeSecrets: number;
                            /** Format: date-time */
                            createdAt: string;
                            createdBy: number | null;
                            description: string;
                            disabledAt: string | null;
                            id: number;
                            lastDeliveryAt: string | null;
                            name: string;
                            secrets: {
                                /** @description Verifies signatures now */
                                active: boolean;
                                /** Format: date-time */
                                createdAt: string;
                                /** @description The first characters of the secret */
                                hint: string;
                                id: number;
                                retiredAt: string | null;
                            }[];
                            status: "active" | "disabled";
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/entities": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The projects I can READ, by name (the home list) */
        get: {
            parameters: {
                query?: {
                    limit?: number;
                    offset?: number;
                    type?: "project";
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description RFC 9457 problem document */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: {
                                createdBy: number;
                                /** Format: date-time */
                                createdOn: string;
                                /** @description Marked on this entity (SPEC §10) */
                                dataClass: "row-level" | "summary" | null;
                                dataType: "SENSITIVE_DATA" | "OPEN_DATA";
                                description: string;
                                /** @description In force: its own mark or the nearest marked ancestor's; row-level when none */
                                effectiveDataClass: "row-level" | "summary";
                                /** @description Changes on every update; send it back to change the entity */
                                etag: string;
                                file?: {
                                    contentType: string;
                                    fileName: string;
                                    md5: string;
                                    size: number;
                                };
                                /** @description Entity id, e.g. syn123 */
                                id: string;
                                /** @description The entity or a folder above it is in the trash */
                                inTrash: boolean;
                                modifiedBy: number;
                                /** Format: date-time */
                                modifiedOn: string;
                                name: string;
                                parentId: string | null;
                                /** @description Entity id, e.g. syn123 */
                                projectId: string;
                                type: "project" | "folder" | "file";
                                versionNumber: number | null;
                            }[];
                            limit: number;
                            offset: number;
                            /** @description How many items match, on all pages */
                            total: number;
                        };
                    };
                };
            };
        };
        put?: never;
        /** Create a project (any signed-in user; its ACL gives me every access type) or a folder (CREATE on the parent) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description Projects only: managed groups (names or ids) of its authorization domain; I must be in each */
                        authorizationDomain?: (string | number)[];
                        description?: string;
                        name: string;
                        /** @description Entity id: syn123 or 123 */
                        parentId?: string | number;
                        type: "project" | "folder";
                    };
                };
            };
            responses: {
                /** @description RFC 9457 problem document */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            createdBy: number;
                            /** Format: date-time */
                            createdOn: string;
                            /** @description Marked on this entity (SPEC §10) */
                            dataClass: "row-level" | "summary" | null;
                            dataType: "SENSITIVE_DATA" | "OPEN_DATA";
                            description: string;
                            /** @description In force: its own mark or the nearest marked ancestor's; row-level when none */
                            effectiveDataClass: "row-level" | "summary";
                            /** @description Changes on every update; send it back to change the entity */
                            etag: string;
                            file?: {
                                contentType: string;
                                fileName: string;
                                md5: string;
                                size: number;
                            };
                            /** @description Entity id, e.g. syn123 */
                            id: string;
                            /** @description The entity or a folder above it is in the trash */
                            inTrash: boolean;
                            modifiedBy: number;
                            /** Format: date-time */
                            modifiedOn: string;
                            name: string;
                            parentId: string | null;
                            /** @description Entity id, e.g. syn123 */
                            projectId: string;
                            type: "project" | "folder" | "file";
                            versionNumber: number | null;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/entities/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One entity (READ) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description Entity id, e.g. syn123 */
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description RFC 9457 problem document */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            createdBy: number;
                            /** Format: date-time */
                            createdOn: string;
                            /** @description Marked on this entity (SPEC §10) */
                            dataClass: "row-level" | "summary" | null;
                            dataType: "SENSITIVE_DATA" | "OPEN_DATA";
                            description: string;
                            /** @description In force: its own mark or the nearest marked ancestor's; row-level when none */
                            effectiveDataClass: "row-level" | "summary";
                            /** @description Changes on every update; send it back to change the entity */
                            etag: string;
                            file?: {
                                contentType: string;
                                fileName: string;
                                md5: string;
                                size: number;
                            };
                            /** @description Entity id, e.g. syn123 */
                            id: string;
                            /** @description The entity or a folder above it is in the trash */
                            inTrash: boolean;
                            modifiedBy: number;
                            /** Format: date-time */
                            modifiedOn: string;
                            name: string;
                            parentId: string | null;
                            /** @description Entity id, e.g. syn123 */
                            projectId: string;
                            type: "project" | "folder" | "file";
                            versionNumber: number | null;
                        };
                    };
                };
            };
        };
        /** Rename, describe or move an entity (UPDATE; a move also needs CREATE on the new parent and keeps access restrictions); 412 on a stale etag */
        put: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description Entity id, e.g. syn123 */
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        description?: string;
                        /** @description The etag of the entity as I fetched it */
                        etag: string;
                        name?: string;
                        /** @description Entity id: syn123 or 123 */
                        parentId?: string | number;
                    };
                };
            };
            responses: {
                /** @description RFC 9457 problem document */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            createdBy: number;
                            /** Format: date-time */
                            createdOn: string;
                            /** @description Marked on this entity (SPEC §10) */
                            dataClass: "row-level" | "summary" | null;
                            dataType: "SENSITIVE_DATA" | "OPEN_DATA";
                            description: string;
                            /** @description In force: its own mark or the nearest marked ancestor's; row-level when none */
                            effectiveDataClass: "row-level" | "summary";
                            /** @description Changes on every update; send it back to change the entity */
                            etag: string;
                            file?: {
                                contentType: string;
                                fileName: string;
                                md5: string;
                                size: number;
                            };
                            /** @description Entity id, e.g. syn123 */
                            id: string;
                            /** @description The entity or a folder above it is in the trash */
                            inTrash: boolean;
                            modifiedBy: number;
                            /** Format: date-time */
                            modifiedOn: string;
                            name: string;
                            parentId: string | null;
                            /** @description Entity id, e.g. syn123 */
                            projectId: string;
                            type: "project" | "folder" | "file";
                            versionNumber: number | null;
                        };
                    };
                };
            };
        };
        post?: never;
        /** Move an entity to the trash (DELETE), or with purge=true delete it and everything below it for good */
        delete: {
            parameters: {
                query?: {
                    purge?: boolean;
                };
                header?: never;
                path: {
                    /** @description Entity id, e.g. syn123 */
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description RFC 9457 problem document */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/entities/{id}/access-requirements": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The access requirements on the entity and its ancestors: what applies to it */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description Entity id, e.g. syn123 */
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description RFC 9457 problem document */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: {
                                createdBy: number | null;
                                /** Format: date-time */
                                createdOn: string;
                                description: string;
                                /** @description Send it back with an update; it changes with every change */
                                etag: string;
                                id: number;
                                modifiedBy: number | null;
                                /** Format: date-time */
                                modifiedOn: string;
                                name: string;
                                restrictionLevel: "OPEN" | "RESTRICTED_BY_TERMS_OF_USE" | "CONTROLLED_BY_ACT";
                                /** @description Per type: TermsOfUse {requires2fa}; SelfSign {certifiedRequired, validatedRequired, requires2fa}; ManagedACT {certifiedRequired, validatedRequired, ducRequired, ducTemplateBlobId, irbRequired, attachmentsRequired, expirationDays (0 = never), iduRequired, iduPublic, requires2fa, instructions}; Lock {}. Unknown keys are refused. */
                                settings: {
                                    [key: string]: unknown;
                                };
                                subjects: {
                                    /** @description An entity id (syn123) or a team id */
                                    id: string | number;
                                    name?: string | null;
                                    path?: string | null;
                                    type: "entity" | "team";
                                }[];
                                /** @description Click-wrap text (TermsOfUse, SelfSign), instructions (ManagedACT), reason (Lock) */
                                terms: string;
                                type: "TermsOfUse" | "SelfSign" | "ManagedACT" | "Lock";
                                /** @description Goes up by one with every update of the text or settings */
                                version: number;
                            }[];
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/entities/{id}/acl": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The ACL that governs the entity (its own, or its benefactor's), with principal names */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description Entity id, e.g. syn123 */
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description RFC 9457 problem document */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Entity id, e.g. syn123 */
                            benefactorId: string;
                            /** @description Entity id, e.g. syn123 */
                            entityId: string;
                            entries: {
                                accessTypes: ("READ" | "DOWNLOAD" | "CREATE" | "UPDATE" | "DELETE" | "CHANGE_PERMISSIONS" | "CHANGE_SETTINGS" | "MODERATE" | "SHARE" | "COMPUTE")[];
                                principalId: number;
                                principalName: string;
                                principalType: "user" | "team" | "group" | "special";
                            }[];
                            etag: string;
                            /** @description The ACL shown is the benefactor's: the entity has none of its own */
                            inherited: boolean;
                        };
                    };
                };
            };
        };
        /** Create or replace the entity's own ACL (CHANGE_PERMISSIONS; or SHARE, adding only types I hold other than SHARE and CHANGE_PERMISSIONS) */
        put: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description Entity id, e.g. syn123 */
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        entries: {
                            accessTypes: ("READ" | "DOWNLOAD" | "CREATE" | "UPDATE" | "DELETE" | "CHANGE_PERMISSIONS" | "CHANGE_SETTINGS" | "MODERATE" | "SHARE" | "COMPUTE")[];
                            principalId: number;
                        }[];
                        /** @description The ACL etag as I fetched it (412 when it changed since) */
                        etag?: string;
                    };
                };
            };
            responses: {
                /** @description RFC 9457 problem document */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Entity id, e.g. syn123 */
                            benefactorId: string;
                            /** @description Entity id, e.g. syn123 */
                            entityId: string;
                            entries: {
                                accessTypes: ("READ" | "DOWNLOAD" | "CREATE" | "UPDATE" | "DELETE" | "CHANGE_PERMISSIONS" | "CHANGE_SETTINGS" | "MODERATE" | "SHARE" | "COMPUTE")[];
                                principalId: number;
                                principalName: string;
                                principalType: "user" | "team" | "group" | "special";
                            }[];
                            etag: string;
                            /** @description The ACL shown is the benefactor's: the entity has none of its own */
                            inherited: boolean;
                        };
                    };
                };
            };
        };
        post?: never;
        /** Delete the entity's own ACL so that it inherits again (never a project's) */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description Entity id, e.g. syn123 */
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description RFC 9457 problem document */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/entities/{id}/actions-required": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Whether I can download the entity now, and what would lift a denial (SPEC §6) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description Entity id, e.g. syn123 */
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description RFC 9457 problem document */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            actions: {
                                accessRequirementId?: number;
                                benefactorId?: string;
                                exemptionEligibleTeamIds?: number[];
                                groups?: number[];
                                type: string;
                            }[];
                            canDownload: boolean;
                            entityId: string;
                            message: string | null;
                            /** @description The rule of the DOWNLOAD chain that decided */
                            rule: string;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/entities/{id}/authorization-domain/sharing-check": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Before saving sharing settings (CHANGE_PERMISSIONS): the domain groups each user to be added is not in, and whether the entity may be made public */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description Project id (syn…) */
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        principalIds: number[];
                    };
                };
            };
            responses: {
                /** @description RFC 9457 problem document */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            canMakePublic: boolean;
                            groups: {
                                id: number;
                                name: string;
                            }[];
                            principals: {
                                /** @description A user, whose memberships were checked; false for teams and groups */
                                checked: boolean;
                                missingGroups: {
                                    id: number;
                                    name: string;
                                }[];
                                principalId: number;
                            }[];
                            publicRefusal: string | null;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/entities/{id}/benefactor": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The entity whose ACL governs this one */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description Entity id, e.g. syn123 */
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description RFC 9457 problem document */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Entity id, e.g. syn123 */
                            benefactorId: string;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/entities/{id}/children": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The children I can READ: folders first, then by name */
        get: {
            parameters: {
                query?: {
                    /** @description Also children that were moved to the trash */
                    includeTrash?: boolean;
                    limit?: number;
                    offset?: number;
                    type?: "folder" | "file";
                };
                header?: never;
                path: {
                    /** @description Entity id, e.g. syn123 */
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description RFC 9457 problem document */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: {
                                createdBy: number;
                                /** Format: date-time */
                                createdOn: string;
                                /** @description Marked on this entity (SPEC §10) */
                                dataClass: "row-level" | "summary" | null;
                                dataType: "SENSITIVE_DATA" | "OPEN_DATA";
                                description: string;
                                /** @description In force: its own mark or the nearest marked ancestor's; row-level when none */
                                effectiveDataClass: "row-level" | "summary";
                                /** @description Changes on every update; send it back to change the entity */
                                etag: string;
                                file?: {
                                    contentType: string;
                                    fileName: string;
                                    md5: string;
                                    size: number;
                                };
                                /** @description Entity id, e.g. syn123 */
                                id: string;
                                /** @description The entity or a folder above it is in the trash */
                                inTrash: boolean;
                                modifiedBy: number;
                                /** Format: date-time */
                                modifiedOn: string;
                                name: string;
                                parentId: string | null;
                                /** @description Entity id, e.g. syn123 */
                                projectId: string;
                                type: "project" | "folder" | "file";
                                versionNumber: number | null;
                            }[];
                            limit: number;
                            offset: number;
                            /** @description How many items match, on all pages */
                            total: number;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/entities/{id}/clone": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Clone a project (READ): its tree and metadata, not its blobs, into a new project of mine whose authorization domain is the source's plus the groups added */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description Project id (syn…) */
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        authorizationDomain?: (string | number)[];
                        description?: string;
                        name: string;
                    };
                };
            };
            responses: {
                /** @description RFC 9457 problem document */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description The domain the copy is under */
                            authorizationDomain: {
                                id: number;
                                name: string;
                            }[];
                            /** @description Entities created (for a clone, not counting the new project) */
                            copied: number;
                            /** @description The new project (clone) or the copy, as GET /entities/{id} shows it */
                            entity: {
                                id: string;
                                name: string;
                                parentId: string | null;
                                projectId: string;
                                type: string;
                            } & {
                                [key: string]: unknown;
                            };
                            /** @description Files not copied: I may not DOWNLOAD them */
                            skipped: string[];
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/entities/{id}/community-manager": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A project's community manager (anyone who can read the project) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description RFC 9457 problem document */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            communityManager: {
                                displayName: string;
                                email: string;
                                id: number;
                                username: string;
                            } | null;
                            projectId: string;
                        };
                    };
                };
            };
        };
        /** Set or clear a project's community manager (ACT, or the project's admins) */
        put: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        userId: number | null;
                    };
                };
            };
            responses: {
                /** @description RFC 9457 problem document */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            communityManager: {
                                displayName: string;
                                email: string;
                                id: number;
                                username: string;
                            } | null;
                            projectId: string;
                        };
                    };
                };
            };
        };
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/entities/{id}/condition-status": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Per access requirement on the entity: which of its conditions I meet (certified, validated, 2FA, terms, approval) and my request */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description Entity id, e.g. syn123 */
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description RFC 9457 problem document */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            entityId: string;
                            items: {
                                accessRequirementId: number;
                                conditions: {
                                    /** @enum {string} */
                                    kind: "certified" | "validated" | "twoFactor" | "termsAccepted" | "approved" | "unlocked";
                                    met: boolean;
                                }[];
                                exempt: boolean;
                                /** @description Every condition below is met, or the viewer is exempt or uploaded the file */
                                met: boolean;
                                /** @description The newest data access request the viewer made or is an accessor of, for a ManagedACT requirement */
                                request: {
                                    /** @description When an approval through it ends; null while not approved or when it never ends */
                                    expiresAt: string | null;
                                    id: number;
                                    /** @enum {string} */
                                    state: "DRAFT" | "SUBMITTED" | "APPROVED" | "REJECTED" | "CANCELLED" | "EXPIRED" | "REVOKED" | "RETURNED";
                                } | null;
                            }[];
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/entities/{id}/copy": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Copy a folder or file into a project or folder (CREATE there); 422 unless the destination's authorization domain contains every group of the source's */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description Project id (syn…) */
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        destinationId: string | number;
                        name?: string;
                    };
                };
            };
            responses: {
                /** @description RFC 9457 problem document */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description The domain the copy is under */
                            authorizationDomain: {
                                id: number;
                                name: string;
                            }[];
                            /** @description Entities created (for a clone, not counting the new project) */
                            copied: number;
                            /** @description The new project (clone) or the copy, as GET /entities/{id} shows it */
                            entity: {
                                id: string;
                                name: string;
                                parentId: string | null;
                                projectId: string;
                                type: string;
                            } & {
                                [key: string]: unknown;
                            };
                            /** @description Files not copied: I may not DOWNLOAD them */
                            skipped: string[];
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/entities/{id}/data-class": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /** Mark an entity row-level or summary data, inherited down the tree; null inherits again (ACT, admin, or CHANGE_PERMISSIONS). Summary downloads have a size limit; row-level egress is watched (SPEC §10) */
        put: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description Entity id, e.g. syn123 */
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        dataClass: "row-level" | "summary" | null;
                    };
                };
            };
            responses: {
                /** @description RFC 9457 problem document */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            dataClass: "row-level" | "summary" | null;
                            effectiveDataClass: "row-level" | "summary";
                            entityId: string;
                            etag: string;
                        };
                    };
                };
            };
        };
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/entities/{id}/data-type": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /** Set the data type of an entity (ACT or admin); OPEN_DATA is not inherited */
        put: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description Entity id, e.g. syn123 */
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        dataType: "OPEN_DATA" | "SENSITIVE_DATA";
                    };
                };
            };
            responses: {
                /** @description RFC 9457 problem document */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            dataType: string;
                            entityId: string;
                            etag: string;
                        };
                    };
                };
            };
        };
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/entities/{id}/download": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Download a file (DOWNLOAD), whole or one byte range (Range: bytes=a-b; 206, or 416 outside the file); every attempt is recorded. With a signature from a GA4GH DRS access URL, as the user it was issued to, without signing in, until it expires */
        get: {
            parameters: {
                query?: {
                    /** @description From a DRS access URL (src/drs/signedurls.ts); the version must be given with it */
                    signature?: string;
                    version?: number;
                };
                header?: never;
                path: {
                    /** @description Entity id, e.g. syn123 */
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description RFC 9457 problem document */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/entities/{id}/lock": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Lock an entity until ACT acts (Data Owner or ACT): a Lock access requirement bound to it */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description Entity id, e.g. syn123 */
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        reason: string;
                    };
                };
            };
            responses: {
                /** @description RFC 9457 problem document */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            createdBy: number | null;
                            /** Format: date-time */
                            createdOn: string;
                            description: string;
                            /** @description Send it back with an update; it changes with every change */
                            etag: string;
                            id: number;
                            modifiedBy: number | null;
                            /** Format: date-time */
                            modifiedOn: string;
                            name: string;
                            restrictionLevel: "OPEN" | "RESTRICTED_BY_TERMS_OF_USE" | "CONTROLLED_BY_ACT";
                            /** @description Per type: TermsOfUse {requires2fa}; SelfSign {certifiedRequired, validatedRequired, requires2fa}; ManagedACT {certifiedRequired, validatedRequired, ducRequired, ducTemplateBlobId, irbRequired, attachmentsRequired, expirationDays (0 = never), iduRequired, iduPublic, requires2fa, instructions}; Lock {}. Unknown keys are refused. */
                            settings: {
                                [key: string]: unknown;
                            };
                            subjects: {
                                /** @description An entity id (syn123) or a team id */
                                id: string | number;
                                name?: string | null;
                                path?: string | null;
                                type: "entity" | "team";
                            }[];
                            /** @description Click-wrap text (TermsOfUse, SelfSign), instructions (ManagedACT), reason (Lock) */
                            terms: string;
                            type: "TermsOfUse" | "SelfSign" | "ManagedACT" | "Lock";
                            /** @description Goes up by one with every update of the text or settings */
                            version: number;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/entities/{id}/path": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The entity and its ancestors, the project first */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description Entity id, e.g. syn123 */
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description RFC 9457 problem document */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: {
                                /** @description Entity id, e.g. syn123 */
                                id: string;
                                name: string;
                                type: string;
                            }[];
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/entities/{id}/permissions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** What I may do with the entity (SPEC §3 permissions summary) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description Entity id, e.g. syn123 */
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description RFC 9457 problem document */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            canAddChild: boolean;
                            canChangePermissions: boolean;
                            canChangeSettings: boolean;
                            canCompute: boolean;
                            canDelete: boolean;
                            canDownload: boolean;
                            canEdit: boolean;
                            canModerate: boolean;
                            canMove: boolean;
                            canPublicRead: boolean;
                            canShare: boolean;
                            canView: boolean;
                            isCertified: boolean;
                            isDataContributor: boolean;
                            isOpenData: boolean;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/entities/{id}/restore": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Restore an entity from the trash (whoever may DELETE it) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description Entity id, e.g. syn123 */
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description RFC 9457 problem document */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            createdBy: number;
                            /** Format: date-time */
                            createdOn: string;
                            /** @description Marked on this entity (SPEC §10) */
                            dataClass: "row-level" | "summary" | null;
                            dataType: "SENSITIVE_DATA" | "OPEN_DATA";
                            description: string;
                            /** @description In force: its own mark or the nearest marked ancestor's; row-level when none */
                            effectiveDataClass: "row-level" | "summary";
                            /** @description Changes on every update; send it back to change the entity */
                            etag: string;
                            file?: {
                                contentType: string;
                                fileName: string;
                                md5: string;
                                size: number;
                            };
                            /** @description Entity id, e.g. syn123 */
                            id: string;
                            /** @description The entity or a folder above it is in the trash */
                            inTrash: boolean;
                            modifiedBy: number;
                            /** Format: date-time */
                            modifiedOn: string;
                            name: string;
                            parentId: string | null;
                            /** @description Entity id, e.g. syn123 */
                            projectId: string;
                            type: "project" | "folder" | "file";
                            versionNumber: number | null;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/entities/{id}/restriction-information": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Restriction level and, per access requirement, whether I am approved, meet it or am exempt */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description Entity id, e.g. syn123 */
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description RFC 9457 problem document */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            entityId: string;
                            /** @description Only on the single-entity route, for a folder or project with a requirement the signed-in caller has not met, when they uploaded files below it */
                            filesYouUploaded?: {
                                /** @description Files below (not in the trash) the caller uploaded: every requirement on them is met for their uploader (SPEC §4) */
                                count: number;
                                /** @description Files below, not in the trash */
                                total: number;
                            };
                            hasUnmetAccessRequirement: boolean;
                            restrictionDetails: {
                                accessRequirementId: number;
                                exemption?: {
                                    /** @description The principals of the AR's EXEMPTION_ELIGIBLE entries the user is or belongs to */
                                    eligibleThrough: {
                                        id: number;
                                        kind: "user" | "team" | "group";
                                        name: string;
                                    }[];
                                    /**
                                     * @description The user holds UPDATE and DELETE on the entity (SPEC §7)
                                     * @enum {string}
                                     */
                                    reason: "data contributor";
                                } | null;
                                isApproved: boolean;
                                isExempt: boolean;
                                isMet: boolean;
                            }[];
                            restrictionLevel: "OPEN" | "RESTRICTED_BY_TERMS_OF_USE" | "CONTROLLED_BY_ACT";
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/entities/{id}/versions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The versions of a file, newest first */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description Entity id, e.g. syn123 */
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description RFC 9457 problem document */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: {
                                comment: string;
                                contentType: string;
                                createdBy: number;
                                /** Format: date-time */
                                createdOn: string;
                                fileName: string;
                                md5: string;
                                size: number;
                                versionNumber: number;
                            }[];
                        };
                    };
                };
            };
        };
        put?: never;
        /** Upload a new version of a file (multipart/form-data: file, comment?, etag?, md5?) (UPDATE); the computed MD5 must match md5 when given */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description Entity id, e.g. syn123 */
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description RFC 9457 problem document */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            createdBy: number;
                            /** Format: date-time */
                            createdOn: string;
                            /** @description Marked on this entity (SPEC §10) */
                            dataClass: "row-level" | "summary" | null;
                            dataType: "SENSITIVE_DATA" | "OPEN_DATA";
                            description: string;
                            /** @description In force: its own mark or the nearest marked ancestor's; row-level when none */
                            effectiveDataClass: "row-level" | "summary";
                            /** @description Changes on every update; send it back to change the entity */
                            etag: string;
                            file?: {
                                contentType: string;
                                fileName: string;
                                md5: string;
                                size: number;
                            };
                            /** @description Entity id, e.g. syn123 */
                            id: string;
                            /** @description The entity or a folder above it is in the trash */
                            inTrash: boolean;
                            modifiedBy: number;
                            /** Format: date-time */
                            modifiedOn: string;
                            name: string;
                            parentId: string | null;
                            /** @description Entity id, e.g. syn123 */
                            projectId: string;
                            type: "project" | "folder" | "file";
                            versionNumber: number | null;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/entities/restriction-information": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Restriction information for up to 50 entities */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        entityIds: (string | number)[];
                    };
                };
            };
            responses: {
                /** @description RFC 9457 problem document */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: {
                                entityId: string;
                                /** @description Only on the single-entity route, for a folder or project with a requirement the signed-in caller has not met, when they uploaded files below it */
                                filesYouUploaded?: {
                                    /** @description Files below (not in the trash) the caller uploaded: every requirement on them is met for their uploader (SPEC §4) */
                                    count: number;
                                    /** @description Files below, not in the trash */
                                    total: number;
                                };
                                hasUnmetAccessRequirement: boolean;
                                restrictionDetails: {
                                    accessRequirementId: number;
                                    exemption?: {
                                        /** @description The principals of the AR's EXEMPTION_ELIGIBLE entries the user is or belongs to */
                                        eligibleThrough: {
                                            id: number;
                                            kind: "user" | "team" | "group";
                                            name: string;
                                        }[];
                                        /**
                                         * @description The user holds UPDATE and DELETE on the entity (SPEC §7)
                                         * @enum {string}
                                         */
                                        reason: "data contributor";
                                    } | null;
                                    isApproved: boolean;
                                    isExempt: boolean;
                                    isMet: boolean;
                                }[];
                                restrictionLevel: "OPEN" | "RESTRICTED_BY_TERMS_OF_USE" | "CONTROLLED_BY_ACT";
                            }[];
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/entities/shared": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Shared with me: folders and files whose own sharing settings name me or a team or group of mine, created by someone else, that I can READ; by name */
        get: {
            parameters: {
                query?: {
                    limit?: number;
                    offset?: number;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description RFC 9457 problem document */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: {
                                createdBy: number;
                                /** Format: date-time */
                                createdOn: string;
                                /** @description Marked on this entity (SPEC §10) */
                                dataClass: "row-level" | "summary" | null;
                                dataType: "SENSITIVE_DATA" | "OPEN_DATA";
                                description: string;
                                /** @description In force: its own mark or the nearest marked ancestor's; row-level when none */
                                effectiveDataClass: "row-level" | "summary";
                                /** @description Changes on every update; send it back to change the entity */
                                etag: string;
                                file?: {
                                    contentType: string;
                                    fileName: string;
                                    md5: string;
                                    size: number;
                                };
                                /** @description Entity id, e.g. syn123 */
                                id: string;
                                /** @description The entity or a folder above it is in the trash */
                                inTrash: boolean;
                                modifiedBy: number;
                                /** Format: date-time */
                                modifiedOn: string;
                                name: string;
                                parentId: string | null;
                                /** @description Entity id, e.g. syn123 */
                                projectId: string;
                                type: "project" | "folder" | "file";
                                versionNumber: number | null;
                            }[];
                            limit: number;
                            offset: number;
                            /** @description How many items match, on all pages */
                            total: number;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/external-account-issuers": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The trusted issuers whose accounts can be linked */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description RFC 9457 problem document */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: {
                                issuer: string;
                                linkDays: number;
                                name: string;
                            }[];
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/files": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Upload a file into a project or folder (multipart/form-data: parentId, file, name?, comment?, md5?); size and MD5 are computed, and must match md5 when given */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description RFC 9457 problem document */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            createdBy: number;
                            /** Format: date-time */
                            createdOn: string;
                            /** @description Marked on this entity (SPEC §10) */
                            dataClass: "row-level" | "summary" | null;
                            dataType: "SENSITIVE_DATA" | "OPEN_DATA";
                            description: string;
                            /** @description In force: its own mark or the nearest marked ancestor's; row-level when none */
                            effectiveDataClass: "row-level" | "summary";
                            /** @description Changes on every update; send it back to change the entity */
                            etag: string;
                            file?: {
                                contentType: string;
                                fileName: string;
                                md5: string;
                                size: number;
                            };
                            /** @description Entity id, e.g. syn123 */
                            id: string;
                            /** @description The entity or a folder above it is in the trash */
                            inTrash: boolean;
                            modifiedBy: number;
                            /** Format: date-time */
                            modifiedOn: string;
                            name: string;
                            parentId: string | null;
                            /** @description Entity id, e.g. syn123 */
                            projectId: string;
                            type: "project" | "folder" | "file";
                            versionNumber: number | null;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/form-field-templates": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The governance-maintained library of form fields */
        get: {
            parameters: {
                query?: {
                    /** @description ACT: include retired templates */
                    includeRetired?: boolean;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description RFC 9457 problem document */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: {
                                description: string;
                                id: number;
                                key: string;
                                label: string;
                                modifiedBy: number | null;
                                /** Format: date-time */
                                modifiedOn: string;
                                optional: boolean;
                                options: string[];
                                retired: boolean;
                                type: "short-text" | "long-text" | "date" | "email" | "single-choice" | "multiple-choice" | "yes-no" | "attachment" | "user-list";
                            }[];
                        };
                    };
                };
            };
        };
        put?: never;
        /** Add a field to the library (ACT) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        description?: string;
                        key?: string;
                        label?: string;
                        optional?: boolean;
                        options?: string[];
                        type?: "short-text" | "long-text" | "date" | "email" | "single-choice" | "multiple-choice" | "yes-no" | "attachment" | "user-list";
                    };
                };
            };
            responses: {
                /** @description RFC 9457 problem document */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            description: string;
                            id: number;
                            key: string;
                            label: string;
                            modifiedBy: number | null;
                            /** Format: date-time */
                            modifiedOn: string;
                            optional: boolean;
                            options: string[];
                            retired: boolean;
                            type: "short-text" | "long-text" | "date" | "email" | "single-choice" | "multiple-choice" | "yes-no" | "attachment" | "user-list";
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/form-field-templates/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /** Change a library field (ACT); forms keep their copy until saved again */
        put: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        description?: string;
                        key?: string;
                        label?: string;
                        optional?: boolean;
                        options?: string[];
                        type?: "short-text" | "long-text" | "date" | "email" | "single-choice" | "multiple-choice" | "yes-no" | "attachment" | "user-list";
                    };
                };
            };
            responses: {
                /** @description RFC 9457 problem document */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            description: string;
                            id: number;
                            key: string;
                            label: string;
                            modifiedBy: number | null;
                            /** Format: date-time */
                            modifiedOn: string;
                            optional: boolean;
                            options: string[];
                            retired: boolean;
                            type: "short-text" | "long-text" | "date" | "email" | "single-choice" | "multiple-choice" | "yes-no" | "attachment" | "user-list";
                        };
                    };
                };
            };
        };
        post?: never;
        /** Retire a library field (ACT): no longer offered; forms that use it keep it */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description RFC 9457 problem document */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/governance/incidents": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The governance incident log, newest first (audit readers) */
        get: {
            parameters: {
                query?: {
                    limit?: number;
                    offset?: number;
                    state?: "open" | "closed";
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description RFC 9457 problem document */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: {
                                closedAt: string | null;
                                closedBy: {
                                    displayName: string;
                                    id: number;
                                } | null;
                                description: string;
                                findings: {
                                    id: number;
                                    query: string;
                                    state: string;
                                    summary: string;
                                }[];
                                id: number;
                                /** Format: date-time */
                                openedAt: string;
                                openedBy: {
                                    displayName: string;
                                    id: number;
                                };
                                resolution: string | null;
                                state: "open" | "closed";
                                ticket: {
                                    attempts: number;
                                    error: string | null;
                                    sentAt: string | null;
                                    /** @description The ticket webhook: not-sent (none configured, or notify false), pending (queued or retrying), sent, failed (given up) */
                                    status: "not-sent" | "pending" | "sent" | "failed";
                                };
                                title: string;
                            }[];
                            limit: number;
                            offset: number;
                            /** @description How many items match, on all pages */
                            total: number;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/governance/incidents/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One governance incident (audit readers) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description Governance incident id */
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description RFC 9457 problem document */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            closedAt: string | null;
                            closedBy: {
                                displayName: string;
                                id: number;
                            } | null;
                            description: string;
                            findings: {
                                id: number;
                                query: string;
                                state: string;
                                summary: string;
                            }[];
                            id: number;
                            /** Format: date-time */
                            openedAt: string;
                            openedBy: {
                                displayName: string;
                                id: number;
                            };
                            resolution: string | null;
                            state: "open" | "closed";
                            ticket: {
                                attempts: number;
                                error: string | null;
                                sentAt: string | null;
                                /** @description The ticket webhook: not-sent (none configured, or notify false), pending (queued or retrying), sent, failed (given up) */
                                status: "not-sent" | "pending" | "sent" | "failed";
                            };
                            title: string;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /** Close an incident with its resolution (ACT, security); its findings under incident close with it */
        patch: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description Governance incident id */
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        resolution: string;
                        /** @enum {string} */
                        state: "closed";
                    };
                };
            };
            responses: {
                /** @description RFC 9457 problem document */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            closedAt: string | null;
                            closedBy: {
                                displayName: string;
                                id: number;
                            } | null;
                            description: string;
                            findings: {
                                id: number;
                                query: string;
                                state: string;
                                summary: string;
                            }[];
                            id: number;
                            /** Format: date-time */
                            openedAt: string;
                            openedBy: {
                                displayName: string;
                                id: number;
                            };
                            resolution: string | null;
                            state: "open" | "closed";
                            ticket: {
                                attempts: number;
                                error: string | null;
                                sentAt: string | null;
                                /** @description The ticket webhook: not-sent (none configured, or notify false), pending (queued or retrying), sent, failed (given up) */
                                status: "not-sent" | "pending" | "sent" | "failed";
                            };
                            title: string;
                        };
                    };
                };
            };
        };
        trace?: never;
    };
    "/api/v1/groups": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The groups I am in (directly or nested), by name; with all=true every group; q filters by name */
        get: {
            parameters: {
                query?: {
                    all?: boolean;
                    limit?: number;
                    offset?: number;
                    q?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description RFC 9457 problem document */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: {
                                accessInstructions: string | null;
                                accessRequestedAt: string | null;
                                adminCount: number;
                                /** @description Projects whose authorization domain has it */
                                authorizationDomainCount: number;
                                /** Format: date-time */
                                createdAt: string;
                                createdBy: number | null;
                                description: string;
                                /** @description The principal id: ACLs and authorization domains name the group by it */
                                id: number;
                                /** @description I may manage it */
                                isAdmin: boolean;
                                /** @description I am in it, directly or through nested groups */
                                isMember: boolean;
                                /** @description Direct members, admins included */
                                memberCount: number;
                                myRole: ("admin" | "member") | null;
                                name: string;
                                /** @description Its members come from an allowlist */
                                thirdParty: boolean;
                            }[];
                            limit: number;
                            offset: number;
                            /** @description How many items match, on all pages */
                            total: number;
                        };
                    };
                };
            };
        };
        put?: never;
        /** Create a managed group (letters, digits, "-" and "_", at most 60 characters); I become its admin */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        accessInstructions?: string | null;
                        description?: string;
                        name: string;
                    };
                };
            };
            responses: {
                /** @description RFC 9457 problem document */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            accessInstructions: string | null;
                            accessRequestedAt: string | null;
                            adminCount: number;
                            /** @description Projects whose authorization domain has it */
                            authorizationDomainCount: number;
                            /** Format: date-time */
                            createdAt: string;
                            createdBy: number | null;
                            description: string;
                            /** @description The principal id: ACLs and authorization domains name the group by it */
                            id: number;
                            /** @description I may manage it */
                            isAdmin: boolean;
                            /** @description I am in it, directly or through nested groups */
                            isMember: boolean;
                            /** @description Direct members, admins included */
                            memberCount: number;
                            myRole: ("admin" | "member") | null;
                            name: string;
                            /** @description Its members come from an allowlist */
                            thirdParty: boolean;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/groups/{name}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A group, with my place in it */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description Group name (any case) */
                    name: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description RFC 9457 problem document */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            accessInstructions: string | null;
                            accessRequestedAt: string | null;
                            adminCount: number;
                            /** @description Projects whose authorization domain has it */
                            authorizationDomainCount: number;
                            /** Format: date-time */
                            createdAt: string;
                            createdBy: number | null;
                            description: string;
                            /** @description The principal id: ACLs and authorization domains name the group by it */
                            id: number;
                            /** @description I may manage it */
                            isAdmin: boolean;
                            /** @description I am in it, directly or through nested groups */
                            isMember: boolean;
                            /** @description Direct members, admins included */
                            memberCount: number;
                            myRole: ("admin" | "member") | null;
                            name: string;
                            /** @description Its members come from an allowlist */
                            thirdParty: boolean;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        /** Delete a group (admins); 409 when it is in an authorization domain or named in an ACL */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description Group name (any case) */
                    name: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description RFC 9457 problem document */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
            };
        };
        options?: never;
        head?: never;
        /** Change the description or the access instructions (admins; null clears the instructions) */
        patch: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description Group name (any case) */
                    name: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        accessInstructions?: string | null;
                        description?: string;
                    };
                };
            };
            responses: {
                /** @description RFC 9457 problem document */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            accessInstructions: string | null;
                            accessRequestedAt: string | null;
                            adminCount: number;
                            /** @description Projects whose authorization domain has it */
                            authorizationDomainCount: number;
                            /** Format: date-time */
                            createdAt: string;
                            createdBy: number | null;
                            description: string;
                            /** @description The principal id: ACLs and authorization domains name the group by it */
                            id: number;
                            /** @description I may manage it */
                            isAdmin: boolean;
                            /** @description I am in it, directly or through nested groups */
                            isMember: boolean;
                            /** @description Direct members, admins included */
                            memberCount: number;
                            myRole: ("admin" | "member") | null;
                            name: string;
                            /** @description Its members come from an allowlist */
                            thirdParty: boolean;
                        };
                    };
                };
            };
        };
        trace?: never;
    };
    "/api/v1/groups/{name}/access-requests": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The open requests for access, oldest first (group admins): adding the user as a member answers one */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description Group name (any case) */
                    name: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description RFC 9457 problem document */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: {
                                message: string;
                                /** Format: date-time */
                                requestedAt: string;
                                user: {
                                    displayName: string;
                                    id: number;
                                    username: string;
                                };
                            }[];
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/groups/{name}/access-requests/{userId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Decline a request for access (group admins): it is closed, the user is told and may ask again */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    name: string;
                    userId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description RFC 9457 problem document */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/groups/{name}/allowlist": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The group's allowlist: source, size, age, last sync (admins) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description Group name (any case) */
                    name: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description RFC 9457 problem document */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** Format: date-time */
                            configuredAt: string;
                            configuredBy: number | null;
                            entryCount: number;
                            fetchedAt: string | null;
                            /** @description False once the list is older than its validity: it then counts as empty */
                            fresh: boolean;
                            group: string;
                            issuer: string;
                            issuerName: string | null;
                            lastFetchAttemptAt: string | null;
                            lastFetchError: string | null;
                            lastSyncAt: string | null;
                            path: string | null;
                            source: "upload" | "url" | "file";
                            url: string | null;
                            validityHours: number;
                            validUntil: string | null;
                        };
                    };
                };
            };
        };
        /** Feed the group from an allowlist of external account ids: an upload (admins), a URL or a server file (platform administrators); read and synced at once */
        put: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description Group name (any case) */
                    name: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description upload: one id per line (first CSV column), or JSON */
                        content?: string;
                        entries?: string[];
                        /** @description The trusted issuer whose account ids the list holds */
                        issuer: string;
                        /** @description Relative to ALLOWLIST_DIR */
                        path?: string;
                        source: "upload" | "url" | "file";
                        url?: string;
                        validityHours?: number;
                    };
                };
            };
            responses: {
                /** @description RFC 9457 problem document */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            allowlist: {
                                /** Format: date-time */
                                configuredAt: string;
                                configuredBy: number | null;
                                entryCount: number;
                                fetchedAt: string | null;
                                /** @description False once the list is older than its validity: it then counts as empty */
                                fresh: boolean;
                                group: string;
                                issuer: string;
                                issuerName: string | null;
                                lastFetchAttemptAt: string | null;
                                lastFetchError: string | null;
                                lastSyncAt: string | null;
                                path: string | null;
                                source: "upload" | "url" | "file";
                                url: string | null;
                                validityHours: number;
                                validUntil: string | null;
                            };
                            sync: {
                                /** @description User ids that became members */
                                added: number[];
                                fetchError: string | null;
                                fresh: boolean;
                                /** @description Principal ids that stopped being members */
                                removed: number[];
                            };
                        };
                    };
                };
            };
        };
        post?: never;
        /** Stop feeding the group from its allowlist; the members it brought leave (admins) */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description Group name (any case) */
                    name: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description RFC 9457 problem document */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/groups/{name}/allowlist/sync": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Sync now (admins): read the list again (file, URL) and set the members to the users with an unexpired link on it */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description Group name (any case) */
                    name: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description RFC 9457 problem document */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description User ids that became members */
                            added: number[];
                            fetchError: string | null;
                            fresh: boolean;
                            /** @description Principal ids that stopped being members */
                            removed: number[];
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/groups/{name}/members": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Direct members, admins first (members, admins and platform administrators) */
        get: {
            parameters: {
                query?: {
                    limit?: number;
                    offset?: number;
                };
                header?: never;
                path: {
                    /** @description Group name (any case) */
                    name: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description RFC 9457 problem document */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: {
                                /** Format: date-time */
                                addedAt: string;
                                displayName: string;
                                /** @description Username, or group name */
                                name: string;
                                principalId: number;
                                role: "admin" | "member";
                                source: "manual" | "allowlist";
                                type: "user" | "group";
                            }[];
                            limit: number;
                            offset: number;
                            /** @description How many items match, on all pages */
                            total: number;
                        };
                    };
                };
            };
        };
        put?: never;
        /** Add a user (userId) or a group (group, by name) as admin or member (admins); nesting never makes a cycle */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description Group name (any case) */
                    name: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        group?: string;
                        role?: "admin" | "member";
                        userId?: number;
                    };
                };
            };
            responses: {
                /** @description RFC 9457 problem document */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** Format: date-time */
                            addedAt: string;
                            displayName: string;
                            /** @description Username, or group name */
                            name: string;
                            principalId: number;
                            role: "admin" | "member";
                            source: "manual" | "allowlist";
                            type: "user" | "group";
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/groups/{name}/members/{principalId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /** Make a member an admin or an ordinary member (admins); a group keeps at least one admin */
        put: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    name: string;
                    /** @description User or group id */
                    principalId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        role: "admin" | "member";
                    };
                };
            };
            responses: {
                /** @description RFC 9457 problem document */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** Format: date-time */
                            addedAt: string;
                            displayName: string;
                            /** @description Username, or group name */
                            name: string;
                            principalId: number;
                            role: "admin" | "member";
                            source: "manual" | "allowlist";
                            type: "user" | "group";
                        };
                    };
                };
            };
        };
        post?: never;
        /** Remove a member (admins), or leave (my own user id); takes effect on the very next decision */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    name: string;
                    /** @description User or group id */
                    principalId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description RFC 9457 problem document */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/groups/{name}/request-access": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Ask for access: every admin is emailed, or the group's access instructions are the answer instead */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description Group name (any case) */
                    name: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        message?: string;
                    };
                };
            };
            responses: {
                /** @description RFC 9457 problem document */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            accessInstructions: string | null;
                            alreadyRequestedAt: string | null;
                            /** @description Admins told now: 0 when the request was open already */
                            notifiedAdmins: number;
                            /** @description True when the request stands; false when accessInstructions answer instead */
                            requested: boolean;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/invitations/{id}/accept": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Accept an invitation: I join the team */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description Invitation id */
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description RFC 9457 problem document */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/invitations/{id}/decline": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Decline an invitation */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description Invitation id */
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description RFC 9457 problem document */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/invitations/{id}/withdraw": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Withdraw an invitation (its inviter, the requestor, ACT): a pending one can no longer be accepted; an accepted reviewer invitation ends that reviewer's access */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description RFC 9457 problem document */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description An invitation by email; its token is only in the email */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            acceptedBy: {
                                displayName: string;
                                id: number;
                                username: string;
                            } | null;
                            acceptedOn: string | null;
                            accessRequirement: {
                                id: number;
                                name: string;
                            };
                            /** Format: date-time */
                            createdOn: string;
                            /** @description Where the invitation was sent */
                            email: string;
                            /** Format: date-time */
                            expiresOn: string;
                            id: number;
                            invitedBy: {
                                displayName: string;
                                id: number;
                            };
                            kind: "accessor" | "reviewer";
                            requestId: number | null;
                            status: "pending" | "accepted" | "expired" | "withdrawn" | "ended";
                            withdrawnOn: string | null;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/invitations/accept": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Accept an invitation (the account of the invited address): join the request as an accessor (the AR's accessor rules apply), or become its reviewer */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description The token of the invitation link (the last part of /invitations/{token}) */
                        token: string;
                    };
                };
            };
            responses: {
                /** @description RFC 9457 problem document */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            accessRequirementId: number;
                            kind: "accessor" | "reviewer";
                            /** @description Where the web app goes next */
                            link: string;
                            requestId: number | null;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/invitations/account": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Create an account with the address an invitation was sent to, and sign in (anyone holding a usable invitation link) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        displayName: string;
                        password: string;
                        /** @description The token of the invitation link (the last part of /invitations/{token}) */
                        token: string;
                        username: string;
                    };
                };
            };
            responses: {
                /** @description RFC 9457 problem document */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            user: {
                                acceptedTerms: boolean;
                                displayName: string;
                                email: string;
                                id: number;
                                isAct: boolean;
                                isAdmin: boolean;
                                isCertified: boolean;
                                /** @description Director of Governance */
                                isGovernance: boolean;
                                /** @description Security Engineer */
                                isSecurity: boolean;
                                isValidated: boolean;
                                twoFactorEnabled: boolean;
                                username: string;
                            };
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/invitations/open": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** What an invitation link is for (anyone holding the link, signed in or not): the request or access requirement, who invited, its status */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description The token of the invitation link (the last part of /invitations/{token}) */
                        token: string;
                    };
                };
            };
            responses: {
                /** @description RFC 9457 problem document */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            accessorRules: {
                                certifiedRequired: boolean;
                                validatedRequired: boolean;
                            };
                            accessRequirement: {
                                id: number;
                                name: string;
                            };
                            email: string;
                            /** Format: date-time */
                            expiresOn: string;
                            invitedBy: {
                                displayName: string;
                            };
                            kind: "accessor" | "reviewer";
                            request: {
                                id: number;
                                requestorName: string;
                                title: string;
                            } | null;
                            signedInAs: {
                                /** @description The account's email is the invited address */
                                matches: boolean;
                                username: string;
                            } | null;
                            status: "pending" | "accepted" | "expired" | "withdrawn" | "ended";
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/invitations/reviewing": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** What I review because I accepted a reviewer invitation: single requests, or every request of an access requirement */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description RFC 9457 problem document */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: {
                                accessRequirement: {
                                    id: number;
                                    name: string;
                                };
                                request: {
                                    currentSubmissionId: number | null;
                                    id: number;
                                    state: "DRAFT" | "SUBMITTED" | "APPROVED" | "REJECTED" | "CANCELLED" | "EXPIRED" | "REVOKED" | "RETURNED";
                                } | null;
                                /** Format: date-time */
                                since: string;
                            }[];
                            /** @description False until the reviewer has a validated profile */
                            mayReview: boolean;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/me": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The signed-in user */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description RFC 9457 problem document */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            acceptedTerms: boolean;
                            displayName: string;
                            email: string;
                            id: number;
                            isAct: boolean;
                            isAdmin: boolean;
                            isCertified: boolean;
                            /** @description Director of Governance */
                            isGovernance: boolean;
                            /** @description Security Engineer */
                            isSecurity: boolean;
                            isValidated: boolean;
                            twoFactorEnabled: boolean;
                            username: string;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/me/2fa/disable": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Turn two-factor authentication off, with a current code or a recovery code */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description A current 6-digit code, or (to disable or renew codes) an unused recovery code */
                        code: string;
                    };
                };
            };
            responses: {
                /** @description RFC 9457 problem document */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/me/2fa/enroll": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Start two-factor enrolment: a secret and QR code for an authenticator app (not active until verified) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description RFC 9457 problem document */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            otpauthUri: string;
                            /** @description PNG data: URL of the QR code of otpauthUri */
                            qrDataUrl: string;
                            secret: string;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/me/2fa/recovery-codes": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Replace my recovery codes (the old ones stop working), with a current code or a recovery code */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description A current 6-digit code, or (to disable or renew codes) an unused recovery code */
                        code: string;
                    };
                };
            };
            responses: {
                /** @description RFC 9457 problem document */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Shown once; each works once at sign-in instead of a code */
                            recoveryCodes: string[];
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/me/2fa/verify": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Finish enrolment with a code from the app: two-factor authentication is on from now; returns 10 recovery codes */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description A current 6-digit code, or (to disable or renew codes) an unused recovery code */
                        code: string;
                    };
                };
            };
            responses: {
                /** @description RFC 9457 problem document */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Shown once; each works once at sign-in instead of a code */
                            recoveryCodes: string[];
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/me/external-accounts": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** My linked external accounts */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description RFC 9457 problem document */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: {
                                expired: boolean;
                                /** Format: date-time */
                                expiresAt: string;
                                externalId: string;
                                id: number;
                                issuer: string;
                                issuerName: string;
                                /** Format: date-time */
                                linkedAt: string;
                            }[];
                        };
                    };
                };
            };
        };
        put?: never;
        /** Link an external account with an assertion (JWT) signed by a trusted issuer; my third-party groups follow at once */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        assertion: string;
                    };
                };
            };
            responses: {
                /** @description RFC 9457 problem document */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Groups I became a member of */
                            joined: string[];
                            /** @description Groups I left (a re-link to another account id) */
                            left: string[];
                            link: {
                                expired: boolean;
                                /** Format: date-time */
                                expiresAt: string;
                                externalId: string;
                                id: number;
                                issuer: string;
                                issuerName: string;
                                /** Format: date-time */
                                linkedAt: string;
                            };
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/me/external-accounts/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Unlink an external account; the third-party groups it brought me into let me go at once */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description RFC 9457 problem document */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            left: string[];
                        };
                    };
                };
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/me/invitations": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** My open invitations to teams, newest first */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description RFC 9457 problem document */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: {
                                /** Format: date-time */
                                createdAt: string;
                                id: number;
                                /** @description The user id of the manager who invited */
                                invitedBy: number;
                                invitedByName: string;
                                message: string;
                                teamId: number;
                                teamName: string;
                            }[];
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/me/no-access-projects": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Projects shared with me that I cannot open because I am outside their authorization domain ("no access"), by name; with entityId, the project holding that folder or file if its domain keeps me out of it */
        get: {
            parameters: {
                query?: {
                    entityId?: string | number;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description RFC 9457 problem document */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: {
                                /** @description With ?entityId: the folder or file asked about */
                                entity?: {
                                    id: string;
                                    name: string;
                                    type: string;
                                };
                                groups: {
                                    hasAccessInstructions: boolean;
                                    id: number;
                                    isMember: boolean;
                                    name: string;
                                }[];
                                missingGroups: number[];
                                /** @description The project's name; null when only the asked entity inside it is shared with me */
                                name: string | null;
                                projectId: string;
                            }[];
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/me/password": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Change my password; my other sessions end */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        currentPassword: string;
                        newPassword: string;
                    };
                };
            };
            responses: {
                /** @description RFC 9457 problem document */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/me/teams": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The teams I am in, by name */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description RFC 9457 problem document */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: {
                                /** @description I may manage this team: one of its managers, or a platform admin; false for the role teams (ADMIN, ACT), which change through users' roles */
                                canManage: boolean;
                                /** Format: date-time */
                                createdAt: string;
                                description: string;
                                id: number;
                                memberCount: number;
                                myPendingInvitation: number | null;
                                /** @description I have asked to join and no manager has answered yet */
                                myPendingRequest: boolean;
                                myRole: ("manager" | "member") | null;
                                name: string;
                            }[];
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/me/tiers": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** My tiers (registered, certified, validated) and their history */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description RFC 9457 problem document */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            certified: boolean;
                            /** @description Oldest first */
                            history: {
                                actorId: number | null;
                                actorName: string | null;
                                /** Format: date-time */
                                at: string;
                                change: "granted" | "revoked";
                                /** @description terms-accepted, terms-updated, quiz-passed, act-granted, act-revoked, verification-approved, verification-revoked, 2fa-enrolled, 2fa-removed, 2fa-reset, account-disabled, account-enabled, … */
                                how: string;
                                reason: string | null;
                                /** @description The tiers, and two facts beside them: '2fa' (two-factor authentication on or off) and 'active' (the account enabled or disabled) */
                                tier: "registered" | "certified" | "validated" | "2fa" | "active";
                            }[];
                            /** @description Has accepted the terms of use now in force */
                            registered: boolean;
                            validated: boolean;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/notifications": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** My in-app notifications, newest first */
        get: {
            parameters: {
                query?: {
                    limit?: number;
                    offset?: number;
                    unread?: boolean;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description RFC 9457 problem document */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: {
                                body: string;
                                /** Format: date-time */
                                createdAt: string;
                                id: number;
                                /** @description What caused it, a code for programs, e.g. request.submitted */
                                kind: string;
                                /** @description The kind in words, for people, e.g. "Data access request submitted" */
                                kindText: string;
                                /** @description Path inside the web app of what it is about */
                                link: string | null;
                                read: boolean;
                                title: string;
                            }[];
                            limit: number;
                            offset: number;
                            /** @description How many items match, on all pages */
                            total: number;
                        } & {
                            unread: number;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/notifications/{id}/read": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Mark one of my notifications read (the web app does it when the notification is opened); marking it again changes nothing. 404 for another user's */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description RFC 9457 problem document */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/notifications/read-all": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Mark every unread notification of mine read ("Mark all read"), on every page; returns how many were unread */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": Record<string, never>;
                };
            };
            responses: {
                /** @description RFC 9457 problem document */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description How many notifications were unread and are now read */
                            marked: number;
                            /** @description Unread now: 0 */
                            unread: number;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/outbox": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Every outbound message, newest first, with its delivery state (admins) */
        get: {
            parameters: {
                query?: {
                    limit?: number;
                    offset?: number;
                    /** @description Part of the recipient address */
                    recipient?: string;
                    /** @description pending: waiting or failing; waiting: not yet tried (since written or retried); failing: pending and its last attempt failed */
                    status?: "pending" | "waiting" | "failing" | "sent" | "failed";
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description RFC 9457 problem document */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: {
                                attempts: number;
                                body: string;
                                channel: string;
                                /** Format: date-time */
                                createdAt: string;
                                failedAt: string | null;
                                /** @description Pending and its last attempt failed: being retried (lastError says why, nextAttemptAt when next) */
                                failing: boolean;
                                id: number;
                                /** @description What caused it, a code for programs, e.g. team.invited */
                                kind: string;
                                /** @description The kind in words, for people */
                                kindText: string;
                                lastError: string | null;
                                /** @description The Message-ID of every attempt; set at the first */
                                messageId: string | null;
                                /** @description When a pending message is tried next */
                                nextAttemptAt: string | null;
                                recipient: string;
                                /** @description When a pending message stops being retried and is marked failed */
                                retryUntil: string | null;
                                sentAt: string | null;
                                /** @description pending (waiting or being retried), sent, or failed (given up on; an admin can retry it) */
                                status: string;
                                subject: string;
                            }[];
                            limit: number;
                            offset: number;
                            /** @description How many items match, on all pages */
                            total: number;
                        } & {
                            counts: {
                                /** @description Given up on; an admin must retry them */
                                failed: number;
                                /** @description Pending and its last attempt failed: being retried */
                                failing: number;
                                /** @description Waiting: pending, not yet tried since it was written or retried by an admin */
                                pending: number;
                            };
                            retryHours: number;
                            smtpConfigured: boolean;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/outbox/{id}/retry": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Send a failed or pending message now, and retry it for a new period (admins; audited) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description RFC 9457 problem document */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            attempts: number;
                            body: string;
                            channel: string;
                            /** Format: date-time */
                            createdAt: string;
                            failedAt: string | null;
                            /** @description Pending and its last attempt failed: being retried (lastError says why, nextAttemptAt when next) */
                            failing: boolean;
                            id: number;
                            /** @description What caused it, a code for programs, e.g. team.invited */
                            kind: string;
                            /** @description The kind in words, for people */
                            kindText: string;
                            lastError: string | null;
                            /** @description The Message-ID of every attempt; set at the first */
                            messageId: string | null;
                            /** @description When a pending message is tried next */
                            nextAttemptAt: string | null;
                            recipient: string;
                            /** @description When a pending message stops being retried and is marked failed */
                            retryUntil: string | null;
                            sentAt: string | null;
                            /** @description pending (waiting or being retried), sent, or failed (given up on; an admin can retry it) */
                            status: string;
                            subject: string;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/outbox/retry-failed": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Send every failed message again, and retry them for a new period (admins; audited) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description RFC 9457 problem document */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description How many failed messages are due again */
                            retried: number;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/projects/{id}/authorization-domain": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The groups of a project's authorization domain, and those I am missing (anyone who can see the project) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description Project id (syn…) */
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description RFC 9457 problem document */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            groups: {
                                accessInstructions: string | null;
                                id: number;
                                /** @description I am in it, directly or through nested groups */
                                isMember: boolean;
                                name: string;
                            }[];
                            /** @description Ids of the groups I am not in */
                            missingGroups: number[];
                            projectId: string;
                            projectName: string;
                        };
                    };
                };
            };
        };
        /** Set the domain to these groups: new ones are added; leaving any current group out is refused (409 AUTHORIZATION_DOMAIN_ADD_ONLY) */
        put: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description Project id (syn…) */
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        groups: (string | number)[];
                    };
                };
            };
            responses: {
                /** @description RFC 9457 problem document */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            groups: {
                                accessInstructions: string | null;
                                id: number;
                                /** @description I am in it, directly or through nested groups */
                                isMember: boolean;
                                name: string;
                            }[];
                            /** @description Ids of the groups I am not in */
                            missingGroups: number[];
                            projectId: string;
                            projectName: string;
                        };
                    };
                };
            };
        };
        /** Add groups to the domain (CHANGE_PERMISSIONS; I must be in each group added); groups are never removed */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description Project id (syn…) */
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        groups: (string | number)[];
                    };
                };
            };
            responses: {
                /** @description RFC 9457 problem document */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            groups: {
                                accessInstructions: string | null;
                                id: number;
                                /** @description I am in it, directly or through nested groups */
                                isMember: boolean;
                                name: string;
                            }[];
                            /** @description Ids of the groups I am not in */
                            missingGroups: number[];
                            projectId: string;
                            projectName: string;
                        };
                    };
                };
            };
        };
        /** Always refused: an authorization domain cannot be removed (409 AUTHORIZATION_DOMAIN_ADD_ONLY) */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description Project id (syn…) */
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description RFC 9457 problem document */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/projects/{id}/authorization-domain/{group}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Always refused: a group cannot be removed from an authorization domain (409 AUTHORIZATION_DOMAIN_ADD_ONLY) */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description Group name */
                    group: string;
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description RFC 9457 problem document */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/request-audits/approvals": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Approvals granted in a period and who granted them: approved submissions and direct ACT grants (ACT; reviewers with accessRequirementId) */
        get: {
            parameters: {
                query: {
                    accessRequirementId?: number;
                    /** @description Start of the period (inclusive): a date (UTC midnight) or a date-time */
                    from: string;
                    /** @description End of the period (exclusive): a date (UTC midnight) or a date-time */
                    to: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description RFC 9457 problem document */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            from: string;
                            items: {
                                accessors: {
                                    displayName: string;
                                    id: number;
                                    username: string;
                                }[];
                                accessRequirementId: number;
                                accessRequirementName: string;
                                approvedBy: {
                                    displayName: string;
                                    id: number;
                                    username: string;
                                } | null;
                                approvedOn: string;
                                expiresOn: string | null;
                                requestId: number | null;
                                requestor: {
                                    displayName: string;
                                    id: number;
                                    username: string;
                                } | null;
                                source: "request" | "act";
                                state: string;
                                submissionId: number | null;
                                version: number | null;
                            }[];
                            to: string;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/request-audits/awaiting-review": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Submissions awaiting review, oldest first (ACT; reviewers with accessRequirementId) */
        get: {
            parameters: {
                query?: {
                    accessRequirementId?: number;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description RFC 9457 problem document */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: {
                                accessorCount: number;
                                accessRequirementId: number;
                                accessRequirementName: string;
                                requestId: number;
                                requestor: {
                                    displayName: string;
                                    id: number;
                                    username: string;
                                };
                                submissionId: number;
                                submittedOn: string;
                                version: number;
                                waitingDays: number;
                            }[];
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/request-blocks": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The block list (ACT): users blocked from requesting an access requirement, standing blocks unless all=true, newest first */
        get: {
            parameters: {
                query?: {
                    accessRequirementId?: number;
                    all?: boolean;
                    limit?: number;
                    offset?: number;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description RFC 9457 problem document */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: {
                                accessRequirementId: number;
                                accessRequirementName: string;
                                active: boolean;
                                blockedBy: {
                                    displayName: string;
                                    id: number;
                                    username: string;
                                };
                                /** Format: date-time */
                                blockedOn: string;
                                id: number;
                                liftedBy: {
                                    displayName: string;
                                    id: number;
                                    username: string;
                                } | null;
                                liftedOn: string | null;
                                reason: string;
                                requestId: number | null;
                                until: string | null;
                                user: {
                                    displayName: string;
                                    id: number;
                                    username: string;
                                };
                            }[];
                            limit: number;
                            offset: number;
                            /** @description How many items match, on all pages */
                            total: number;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/request-blocks/{id}/lift": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Lift a block (ACT): the user may submit requests for the access requirement again */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description RFC 9457 problem document */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            accessRequirementId: number;
                            accessRequirementName: string;
                            active: boolean;
                            blockedBy: {
                                displayName: string;
                                id: number;
                                username: string;
                            };
                            /** Format: date-time */
                            blockedOn: string;
                            id: number;
                            liftedBy: {
                                displayName: string;
                                id: number;
                                username: string;
                            } | null;
                            liftedOn: string | null;
                            reason: string;
                            requestId: number | null;
                            until: string | null;
                            user: {
                                displayName: string;
                                id: number;
                                username: string;
                            };
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/request-notification-templates": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The notification templates of the request life cycle, with the placeholders they may use (ACT) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description RFC 9457 problem document */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: {
                                body: string;
                                kind: "submitted" | "approved" | "rejected" | "cancelled" | "reminder" | "expired" | "revoked" | "removed" | "returned" | "remark";
                                modifiedBy: number | null;
                                /** Format: date-time */
                                modifiedOn: string;
                                subject: string;
                            }[];
                            placeholders: {
                                description: string;
                                name: string;
                            }[];
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/request-notification-templates/{kind}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /** Change a notification template (ACT); unknown placeholders are refused */
        put: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    kind: "submitted" | "approved" | "rejected" | "cancelled" | "reminder" | "expired" | "revoked" | "removed" | "returned" | "remark";
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        body: string;
                        subject: string;
                    };
                };
            };
            responses: {
                /** @description RFC 9457 problem document */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            body: string;
                            kind: "submitted" | "approved" | "rejected" | "cancelled" | "reminder" | "expired" | "revoked" | "removed" | "returned" | "remark";
                            modifiedBy: number | null;
                            /** Format: date-time */
                            modifiedOn: string;
                            subject: string;
                        };
                    };
                };
            };
        };
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/requests": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Open my request for an access requirement: my saved draft or request (200), or a new draft with me as first accessor (201) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        accessRequirementId: number;
                    };
                };
            };
            responses: {
                /** @description RFC 9457 problem document */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description What every accessor must be, to show who qualifies before adding them */
                            accessorRules: {
                                certifiedRequired: boolean;
                                validatedRequired: boolean;
                            };
                            accessors: {
                                /** @description Holds an approval for this AR now */
                                alreadyApproved: boolean;
                                displayName: string;
                                /** @description Meets the AR's certified/validated rules now */
                                eligible: boolean;
                                id: number;
                                isCertified: boolean;
                                isValidated: boolean;
                                problem: string | null;
                                username: string;
                            }[];
                            accessRequirementId: number;
                            accessRequirementName: string;
                            activeApproval: {
                                accessors: {
                                    displayName: string;
                                    id: number;
                                    isCertified: boolean;
                                    isValidated: boolean;
                                    username: string;
                                }[];
                                expiresOn: string | null;
                            } | null;
                            /** @description Answers by field key */
                            answers: {
                                [key: string]: unknown;
                            };
                            attachments: {
                                contentType: string;
                                downloadUrl: string;
                                fieldKey: string;
                                fileName: string;
                                id: number;
                                md5: string;
                                size: number;
                                /** Format: date-time */
                                uploadedOn: string;
                            }[];
                            canCancel: boolean;
                            /** @description The requestor may start a new request from this one */
                            canCopy: boolean;
                            /** @description A draft never submitted: the requestor may delete it */
                            canDelete: boolean;
                            canEdit: boolean;
                            canSubmit: boolean;
                            /** Format: date-time */
                            createdOn: string;
                            currentSubmissionId: number | null;
                            etag: string;
                            /** @description The form the working copy answers */
                            fields: {
                                /** @description Always present (follows the AR settings); not edited in the designer */
                                builtin: boolean;
                                /** @description Shown to requestors */
                                description: string;
                                /** @description Stable within the form; answers are keyed by it */
                                key: string;
                                label: string;
                                /** @description Fields are required unless optional */
                                optional: boolean;
                                /** @description Choices of single-choice and multiple-choice fields */
                                options: string[];
                                /** @description Shown, not answered (the data requestor) */
                                readOnly: boolean;
                                templateId: number | null;
                                type: "short-text" | "long-text" | "date" | "email" | "single-choice" | "multiple-choice" | "yes-no" | "attachment" | "user-list";
                            }[];
                            formVersion: number;
                            id: number;
                            /** Format: date-time */
                            modifiedOn: string;
                            requestor: {
                                displayName: string;
                                id: number;
                                isCertified: boolean;
                                isValidated: boolean;
                                username: string;
                            };
                            returned: {
                                by: {
                                    displayName: string;
                                    id: number;
                                };
                                comment: string;
                                /** Format: date-time */
                                on: string;
                                submissionId: number;
                            } | null;
                            role?: "requestor" | "accessor";
                            state: "DRAFT" | "SUBMITTED" | "APPROVED" | "REJECTED" | "CANCELLED" | "EXPIRED" | "REVOKED" | "RETURNED";
                            submissions: {
                                id: number;
                                state: "SUBMITTED" | "APPROVED" | "REJECTED" | "CANCELLED" | "EXPIRED" | "REVOKED" | "RETURNED";
                                /** Format: date-time */
                                submittedOn: string;
                                version: number;
                            }[];
                            /** @description How many times it was submitted */
                            version: number;
                        };
                    };
                };
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description What every accessor must be, to show who qualifies before adding them */
                            accessorRules: {
                                certifiedRequired: boolean;
                                validatedRequired: boolean;
                            };
                            accessors: {
                                /** @description Holds an approval for this AR now */
                                alreadyApproved: boolean;
                                displayName: string;
                                /** @description Meets the AR's certified/validated rules now */
                                eligible: boolean;
                                id: number;
                                isCertified: boolean;
                                isValidated: boolean;
                                problem: string | null;
                                username: string;
                            }[];
                            accessRequirementId: number;
                            accessRequirementName: string;
                            activeApproval: {
                                accessors: {
                                    displayName: string;
                                    id: number;
                                    isCertified: boolean;
                                    isValidated: boolean;
                                    username: string;
                                }[];
                                expiresOn: string | null;
                            } | null;
                            /** @description Answers by field key */
                            answers: {
                                [key: string]: unknown;
                            };
                            attachments: {
                                contentType: string;
                                downloadUrl: string;
                                fieldKey: string;
                                fileName: string;
                                id: number;
                                md5: string;
                                size: number;
                                /** Format: date-time */
                                uploadedOn: string;
                            }[];
                            canCancel: boolean;
                            /** @description The requestor may start a new request from this one */
                            canCopy: boolean;
                            /** @description A draft never submitted: the requestor may delete it */
                            canDelete: boolean;
                            canEdit: boolean;
                            canSubmit: boolean;
                            /** Format: date-time */
                            createdOn: string;
                            currentSubmissionId: number | null;
                            etag: string;
                            /** @description The form the working copy answers */
                            fields: {
                                /** @description Always present (follows the AR settings); not edited in the designer */
                                builtin: boolean;
                                /** @description Shown to requestors */
                                description: string;
                                /** @description Stable within the form; answers are keyed by it */
                                key: string;
                                label: string;
                                /** @description Fields are required unless optional */
                                optional: boolean;
                                /** @description Choices of single-choice and multiple-choice fields */
                                options: string[];
                                /** @description Shown, not answered (the data requestor) */
                                readOnly: boolean;
                                templateId: number | null;
                                type: "short-text" | "long-text" | "date" | "email" | "single-choice" | "multiple-choice" | "yes-no" | "attachment" | "user-list";
                            }[];
                            formVersion: number;
                            id: number;
                            /** Format: date-time */
                            modifiedOn: string;
                            requestor: {
                                displayName: string;
                                id: number;
                                isCertified: boolean;
                                isValidated: boolean;
                                username: string;
                            };
                            returned: {
                                by: {
                                    displayName: string;
                                    id: number;
                                };
                                comment: string;
                                /** Format: date-time */
                                on: string;
                                submissionId: number;
                            } | null;
                            role?: "requestor" | "accessor";
                            state: "DRAFT" | "SUBMITTED" | "APPROVED" | "REJECTED" | "CANCELLED" | "EXPIRED" | "REVOKED" | "RETURNED";
                            submissions: {
                                id: number;
                                state: "SUBMITTED" | "APPROVED" | "REJECTED" | "CANCELLED" | "EXPIRED" | "REVOKED" | "RETURNED";
                                /** Format: date-time */
                                submittedOn: string;
                                version: number;
                            }[];
                            /** @description How many times it was submitted */
                            version: number;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/requests/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A request (requestor, accessors, ACT, reviewers) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description RFC 9457 problem document */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description What every accessor must be, to show who qualifies before adding them */
                            accessorRules: {
                                certifiedRequired: boolean;
                                validatedRequired: boolean;
                            };
                            accessors: {
                                /** @description Holds an approval for this AR now */
                                alreadyApproved: boolean;
                                displayName: string;
                                /** @description Meets the AR's certified/validated rules now */
                                eligible: boolean;
                                id: number;
                                isCertified: boolean;
                                isValidated: boolean;
                                problem: string | null;
                                username: string;
                            }[];
                            accessRequirementId: number;
                            accessRequirementName: string;
                            activeApproval: {
                                accessors: {
                                    displayName: string;
                                    id: number;
                                    isCertified: boolean;
                                    isValidated: boolean;
                                    username: string;
                                }[];
                                expiresOn: string | null;
                            } | null;
                            /** @description Answers by field key */
                            answers: {
                                [key: string]: unknown;
                            };
                            attachments: {
                                contentType: string;
                                downloadUrl: string;
                                fieldKey: string;
                                fileName: string;
                                id: number;
                                md5: string;
                                size: number;
                                /** Format: date-time */
                                uploadedOn: string;
                            }[];
                            canCancel: boolean;
                            /** @description The requestor may start a new request from this one */
                            canCopy: boolean;
                            /** @description A draft never submitted: the requestor may delete it */
                            canDelete: boolean;
                            canEdit: boolean;
                            canSubmit: boolean;
                            /** Format: date-time */
                            createdOn: string;
                            currentSubmissionId: number | null;
                            etag: string;
                            /** @description The form the working copy answers */
                            fields: {
                                /** @description Always present (follows the AR settings); not edited in the designer */
                                builtin: boolean;
                                /** @description Shown to requestors */
                                description: string;
                                /** @description Stable within the form; answers are keyed by it */
                                key: string;
                                label: string;
                                /** @description Fields are required unless optional */
                                optional: boolean;
                                /** @description Choices of single-choice and multiple-choice fields */
                                options: string[];
                                /** @description Shown, not answered (the data requestor) */
                                readOnly: boolean;
                                templateId: number | null;
                                type: "short-text" | "long-text" | "date" | "email" | "single-choice" | "multiple-choice" | "yes-no" | "attachment" | "user-list";
                            }[];
                            formVersion: number;
                            id: number;
                            /** Format: date-time */
                            modifiedOn: string;
                            requestor: {
                                displayName: string;
                                id: number;
                                isCertified: boolean;
                                isValidated: boolean;
                                username: string;
                            };
                            returned: {
                                by: {
                                    displayName: string;
                                    id: number;
                                };
                                comment: string;
                                /** Format: date-time */
                                on: string;
                                submissionId: number;
                            } | null;
                            role?: "requestor" | "accessor";
                            state: "DRAFT" | "SUBMITTED" | "APPROVED" | "REJECTED" | "CANCELLED" | "EXPIRED" | "REVOKED" | "RETURNED";
                            submissions: {
                                id: number;
                                state: "SUBMITTED" | "APPROVED" | "REJECTED" | "CANCELLED" | "EXPIRED" | "REVOKED" | "RETURNED";
                                /** Format: date-time */
                                submittedOn: string;
                                version: number;
                            }[];
                            /** @description How many times it was submitted */
                            version: number;
                        };
                    };
                };
            };
        };
        /** Save the draft (requestor): answers by field key (null clears), the accessors by user id or name; every problem is listed and nothing is saved */
        put: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        accessors?: (number | string)[];
                        answers?: {
                            [key: string]: unknown;
                        };
                        etag?: string;
                    };
                };
            };
            responses: {
                /** @description RFC 9457 problem document */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description What every accessor must be, to show who qualifies before adding them */
                            accessorRules: {
                                certifiedRequired: boolean;
                                validatedRequired: boolean;
                            };
                            accessors: {
                                /** @description Holds an approval for this AR now */
                                alreadyApproved: boolean;
                                displayName: string;
                                /** @description Meets the AR's certified/validated rules now */
                                eligible: boolean;
                                id: number;
                                isCertified: boolean;
                                isValidated: boolean;
                                problem: string | null;
                                username: string;
                            }[];
                            accessRequirementId: number;
                            accessRequirementName: string;
                            activeApproval: {
                                accessors: {
                                    displayName: string;
                                    id: number;
                                    isCertified: boolean;
                                    isValidated: boolean;
                                    username: string;
                                }[];
                                expiresOn: string | null;
                            } | null;
                            /** @description Answers by field key */
                            answers: {
                                [key: string]: unknown;
                            };
                            attachments: {
                                contentType: string;
                                downloadUrl: string;
                                fieldKey: string;
                                fileName: string;
                                id: number;
                                md5: string;
                                size: number;
                                /** Format: date-time */
                                uploadedOn: string;
                            }[];
                            canCancel: boolean;
                            /** @description The requestor may start a new request from this one */
                            canCopy: boolean;
                            /** @description A draft never submitted: the requestor may delete it */
                            canDelete: boolean;
                            canEdit: boolean;
                            canSubmit: boolean;
                            /** Format: date-time */
                            createdOn: string;
                            currentSubmissionId: number | null;
                            etag: string;
                            /** @description The form the working copy answers */
                            fields: {
                                /** @description Always present (follows the AR settings); not edited in the designer */
                                builtin: boolean;
                                /** @description Shown to requestors */
                                description: string;
                                /** @description Stable within the form; answers are keyed by it */
                                key: string;
                                label: string;
                                /** @description Fields are required unless optional */
                                optional: boolean;
                                /** @description Choices of single-choice and multiple-choice fields */
                                options: string[];
                                /** @description Shown, not answered (the data requestor) */
                                readOnly: boolean;
                                templateId: number | null;
                                type: "short-text" | "long-text" | "date" | "email" | "single-choice" | "multiple-choice" | "yes-no" | "attachment" | "user-list";
                            }[];
                            formVersion: number;
                            id: number;
                            /** Format: date-time */
                            modifiedOn: string;
                            requestor: {
                                displayName: string;
                                id: number;
                                isCertified: boolean;
                                isValidated: boolean;
                                username: string;
                            };
                            returned: {
                                by: {
                                    displayName: string;
                                    id: number;
                                };
                                comment: string;
                                /** Format: date-time */
                                on: string;
                                submissionId: number;
                            } | null;
                            role?: "requestor" | "accessor";
                            state: "DRAFT" | "SUBMITTED" | "APPROVED" | "REJECTED" | "CANCELLED" | "EXPIRED" | "REVOKED" | "RETURNED";
                            submissions: {
                                id: number;
                                state: "SUBMITTED" | "APPROVED" | "REJECTED" | "CANCELLED" | "EXPIRED" | "REVOKED" | "RETURNED";
                                /** Format: date-time */
                                submittedOn: string;
                                version: number;
                            }[];
                            /** @description How many times it was submitted */
                            version: number;
                        };
                    };
                };
            };
        };
        post?: never;
        /** Delete a draft never submitted (requestor) */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description RFC 9457 problem document */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/requests/{id}/accessors": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Add an accessor by user id or name (requestor); one who fails the AR's certified/validated rules is refused with a message */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        user: number | string;
                    };
                };
            };
            responses: {
                /** @description RFC 9457 problem document */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description What every accessor must be, to show who qualifies before adding them */
                            accessorRules: {
                                certifiedRequired: boolean;
                                validatedRequired: boolean;
                            };
                            accessors: {
                                /** @description Holds an approval for this AR now */
                                alreadyApproved: boolean;
                                displayName: string;
                                /** @description Meets the AR's certified/validated rules now */
                                eligible: boolean;
                                id: number;
                                isCertified: boolean;
                                isValidated: boolean;
                                problem: string | null;
                                username: string;
                            }[];
                            accessRequirementId: number;
                            accessRequirementName: string;
                            activeApproval: {
                                accessors: {
                                    displayName: string;
                                    id: number;
                                    isCertified: boolean;
                                    isValidated: boolean;
                                    username: string;
                                }[];
                                expiresOn: string | null;
                            } | null;
                            /** @description Answers by field key */
                            answers: {
                                [key: string]: unknown;
                            };
                            attachments: {
                                contentType: string;
                                downloadUrl: string;
                                fieldKey: string;
                                fileName: string;
                                id: number;
                                md5: string;
                                size: number;
                                /** Format: date-time */
                                uploadedOn: string;
                            }[];
                            canCancel: boolean;
                            /** @description The requestor may start a new request from this one */
                            canCopy: boolean;
                            /** @description A draft never submitted: the requestor may delete it */
                            canDelete: boolean;
                            canEdit: boolean;
                            canSubmit: boolean;
                            /** Format: date-time */
                            createdOn: string;
                            currentSubmissionId: number | null;
                            etag: string;
                            /** @description The form the working copy answers */
                            fields: {
                                /** @description Always present (follows the AR settings); not edited in the designer */
                                builtin: boolean;
                                /** @description Shown to requestors */
                                description: string;
                                /** @description Stable within the form; answers are keyed by it */
                                key: string;
                                label: string;
                                /** @description Fields are required unless optional */
                                optional: boolean;
                                /** @description Choices of single-choice and multiple-choice fields */
                                options: string[];
                                /** @description Shown, not answered (the data requestor) */
                                readOnly: boolean;
                                templateId: number | null;
                                type: "short-text" | "long-text" | "date" | "email" | "single-choice" | "multiple-choice" | "yes-no" | "attachment" | "user-list";
                            }[];
                            formVersion: number;
                            id: number;
                            /** Format: date-time */
                            modifiedOn: string;
                            requestor: {
                                displayName: string;
                                id: number;
                                isCertified: boolean;
                                isValidated: boolean;
                                username: string;
                            };
                            returned: {
                                by: {
                                    displayName: string;
                                    id: number;
                                };
                                comment: string;
                                /** Format: date-time */
                                on: string;
                                submissionId: number;
                            } | null;
                            role?: "requestor" | "accessor";
                            state: "DRAFT" | "SUBMITTED" | "APPROVED" | "REJECTED" | "CANCELLED" | "EXPIRED" | "REVOKED" | "RETURNED";
                            submissions: {
                                id: number;
                                state: "SUBMITTED" | "APPROVED" | "REJECTED" | "CANCELLED" | "EXPIRED" | "REVOKED" | "RETURNED";
                                /** Format: date-time */
                                submittedOn: string;
                                version: number;
                            }[];
                            /** @description How many times it was submitted */
                            version: number;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/requests/{id}/accessors/{userId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Remove an accessor (requestor; the requestor may remove themself) */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                    userId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description RFC 9457 problem document */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description What every accessor must be, to show who qualifies before adding them */
                            accessorRules: {
                                certifiedRequired: boolean;
                                validatedRequired: boolean;
                            };
                            accessors: {
                                /** @description Holds an approval for this AR now */
                                alreadyApproved: boolean;
                                displayName: string;
                                /** @description Meets the AR's certified/validated rules now */
                                eligible: boolean;
                                id: number;
                                isCertified: boolean;
                                isValidated: boolean;
                                problem: string | null;
                                username: string;
                            }[];
                            accessRequirementId: number;
                            accessRequirementName: string;
                            activeApproval: {
                                accessors: {
                                    displayName: string;
                                    id: number;
                                    isCertified: boolean;
                                    isValidated: boolean;
                                    username: string;
                                }[];
                                expiresOn: string | null;
                            } | null;
                            /** @description Answers by field key */
                            answers: {
                                [key: string]: unknown;
                            };
                            attachments: {
                                contentType: string;
                                downloadUrl: string;
                                fieldKey: string;
                                fileName: string;
                                id: number;
                                md5: string;
                                size: number;
                                /** Format: date-time */
                                uploadedOn: string;
                            }[];
                            canCancel: boolean;
                            /** @description The requestor may start a new request from this one */
                            canCopy: boolean;
                            /** @description A draft never submitted: the requestor may delete it */
                            canDelete: boolean;
                            canEdit: boolean;
                            canSubmit: boolean;
                            /** Format: date-time */
                            createdOn: string;
                            currentSubmissionId: number | null;
                            etag: string;
                            /** @description The form the working copy answers */
                            fields: {
                                /** @description Always present (follows the AR settings); not edited in the designer */
                                builtin: boolean;
                                /** @description Shown to requestors */
                                description: string;
                                /** @description Stable within the form; answers are keyed by it */
                                key: string;
                                label: string;
                                /** @description Fields are required unless optional */
                                optional: boolean;
                                /** @description Choices of single-choice and multiple-choice fields */
                                options: string[];
                                /** @description Shown, not answered (the data requestor) */
                                readOnly: boolean;
                                templateId: number | null;
                                type: "short-text" | "long-text" | "date" | "email" | "single-choice" | "multiple-choice" | "yes-no" | "attachment" | "user-list";
                            }[];
                            formVersion: number;
                            id: number;
                            /** Format: date-time */
                            modifiedOn: string;
                            requestor: {
                                displayName: string;
                                id: number;
                                isCertified: boolean;
                                isValidated: boolean;
                                username: string;
                            };
                            returned: {
                                by: {
                                    displayName: string;
                                    id: number;
                                };
                                comment: string;
                                /** Format: date-time */
                                on: string;
                                submissionId: number;
                            } | null;
                            role?: "requestor" | "accessor";
                            state: "DRAFT" | "SUBMITTED" | "APPROVED" | "REJECTED" | "CANCELLED" | "EXPIRED" | "REVOKED" | "RETURNED";
                            submissions: {
                                id: number;
                                state: "SUBMITTED" | "APPROVED" | "REJECTED" | "CANCELLED" | "EXPIRED" | "REVOKED" | "RETURNED";
                                /** Format: date-time */
                                submittedOn: string;
                                version: number;
                            }[];
                            /** @description How many times it was submitted */
                            version: number;
                        };
                    };
                };
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/requests/{id}/attachments": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Attach a file to a field of the request (requestor; multipart/form-data: fieldKey, then file). It is added to the answer of that field */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description RFC 9457 problem document */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            contentType: string;
                            downloadUrl: string;
                            fieldKey: string;
                            fileName: string;
                            id: number;
                            md5: string;
                            size: number;
                            /** Format: date-time */
                            uploadedOn: string;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/requests/{id}/attachments/{attachmentId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Download an attachment (requestor, ACT, reviewers) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    attachmentId: string;
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description RFC 9457 problem document */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        /** Remove an attachment from the working copy (requestor) */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    attachmentId: string;
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description RFC 9457 problem document */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/requests/{id}/copy": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Start a new request from this one (requestor): every answer and accessor copied, files kept; for the same AR (once revoked) or another */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        accessRequirementId?: number;
                    };
                };
            };
            responses: {
                /** @description RFC 9457 problem document */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description What every accessor must be, to show who qualifies before adding them */
                            accessorRules: {
                                certifiedRequired: boolean;
                                validatedRequired: boolean;
                            };
                            accessors: {
                                /** @description Holds an approval for this AR now */
                                alreadyApproved: boolean;
                                displayName: string;
                                /** @description Meets the AR's certified/validated rules now */
                                eligible: boolean;
                                id: number;
                                isCertified: boolean;
                                isValidated: boolean;
                                problem: string | null;
                                username: string;
                            }[];
                            accessRequirementId: number;
                            accessRequirementName: string;
                            activeApproval: {
                                accessors: {
                                    displayName: string;
                                    id: number;
                                    isCertified: boolean;
                                    isValidated: boolean;
                                    username: string;
                                }[];
                                expiresOn: string | null;
                            } | null;
                            /** @description Answers by field key */
                            answers: {
                                [key: string]: unknown;
                            };
                            attachments: {
                                contentType: string;
                                downloadUrl: string;
                                fieldKey: string;
                                fileName: string;
                                id: number;
                                md5: string;
                                size: number;
                                /** Format: date-time */
                                uploadedOn: string;
                            }[];
                            canCancel: boolean;
                            /** @description The requestor may start a new request from this one */
                            canCopy: boolean;
                            /** @description A draft never submitted: the requestor may delete it */
                            canDelete: boolean;
                            canEdit: boolean;
                            canSubmit: boolean;
                            /** Format: date-time */
                            createdOn: string;
                            currentSubmissionId: number | null;
                            etag: string;
                            /** @description The form the working copy answers */
                            fields: {
                                /** @description Always present (follows the AR settings); not edited in the designer */
                                builtin: boolean;
                                /** @description Shown to requestors */
                                description: string;
                                /** @description Stable within the form; answers are keyed by it */
                                key: string;
                                label: string;
                                /** @description Fields are required unless optional */
                                optional: boolean;
                                /** @description Choices of single-choice and multiple-choice fields */
                                options: string[];
                                /** @description Shown, not answered (the data requestor) */
                                readOnly: boolean;
                                templateId: number | null;
                                type: "short-text" | "long-text" | "date" | "email" | "single-choice" | "multiple-choice" | "yes-no" | "attachment" | "user-list";
                            }[];
                            formVersion: number;
                            id: number;
                            /** Format: date-time */
                            modifiedOn: string;
                            requestor: {
                                displayName: string;
                                id: number;
                                isCertified: boolean;
                                isValidated: boolean;
                                username: string;
                            };
                            returned: {
                                by: {
                                    displayName: string;
                                    id: number;
                                };
                                comment: string;
                                /** Format: date-time */
                                on: string;
                                submissionId: number;
                            } | null;
                            role?: "requestor" | "accessor";
                            state: "DRAFT" | "SUBMITTED" | "APPROVED" | "REJECTED" | "CANCELLED" | "EXPIRED" | "REVOKED" | "RETURNED";
                            submissions: {
                                id: number;
                                state: "SUBMITTED" | "APPROVED" | "REJECTED" | "CANCELLED" | "EXPIRED" | "REVOKED" | "RETURNED";
                                /** Format: date-time */
                                submittedOn: string;
                                version: number;
                            }[];
                            /** @description How many times it was submitted */
                            version: number;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/requests/{id}/invitations": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The accessor invitations of a request, newest first (requestor, ACT); ?status=pending for those waiting */
        get: {
            parameters: {
                query?: {
                    limit?: number;
                    offset?: number;
                    status?: "pending" | "accepted" | "expired" | "withdrawn" | "ended";
                };
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description RFC 9457 problem document */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: {
                                acceptedBy: {
                                    displayName: string;
                                    id: number;
                                    username: string;
                                } | null;
                                acceptedOn: string | null;
                                accessRequirement: {
                                    id: number;
                                    name: string;
                                };
                                /** Format: date-time */
                                createdOn: string;
                                /** @description Where the invitation was sent */
                                email: string;
                                /** Format: date-time */
                                expiresOn: string;
                                id: number;
                                invitedBy: {
                                    displayName: string;
                                    id: number;
                                };
                                kind: "accessor" | "reviewer";
                                requestId: number | null;
                                status: "pending" | "accepted" | "expired" | "withdrawn" | "ended";
                                withdrawnOn: string | null;
                            }[];
                            limit: number;
                            offset: number;
                            /** @description How many items match, on all pages */
                            total: number;
                        };
                    };
                };
            };
        };
        put?: never;
        /** Invite someone by email to join the request as an accessor (requestor); they get a single-use link that expires */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        email: string;
                    };
                };
            };
            responses: {
                /** @description RFC 9457 problem document */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description An invitation by email; its token is only in the email */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            acceptedBy: {
                                displayName: string;
                                id: number;
                                username: string;
                            } | null;
                            acceptedOn: string | null;
                            accessRequirement: {
                                id: number;
                                name: string;
                            };
                            /** Format: date-time */
                            createdOn: string;
                            /** @description Where the invitation was sent */
                            email: string;
                            /** Format: date-time */
                            expiresOn: string;
                            id: number;
                            invitedBy: {
                                displayName: string;
                                id: number;
                            };
                            kind: "accessor" | "reviewer";
                            requestId: number | null;
                            status: "pending" | "accepted" | "expired" | "withdrawn" | "ended";
                            withdrawnOn: string | null;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/requests/{id}/remarks": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The request's thread, oldest first: remarks, return comments, answers (reviewers see private remarks; the requestor and accessors the visible ones) */
        get: {
            parameters: {
                query?: {
                    limit?: number;
                    offset?: number;
                };
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description RFC 9457 problem document */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: {
                                attachments: {
                                    contentType: string;
                                    downloadUrl: string;
                                    fieldKey: string;
                                    fileName: string;
                                    id: number;
                                    md5: string;
                                    size: number;
                                    /** Format: date-time */
                                    uploadedOn: string;
                                }[];
                                author: {
                                    displayName: string;
                                    id: number;
                                    username: string;
                                };
                                body: string;
                                /** Format: date-time */
                                createdOn: string;
                                id: number;
                                /** @description return: the comment of a return for changes; answer: the requestor answering */
                                kind: "remark" | "return" | "answer";
                                replyTo: number | null;
                                requestId: number;
                                submissionId: number | null;
                                version: number | null;
                                visibility: "private" | "visible";
                            }[];
                            limit: number;
                            offset: number;
                            /** @description How many items match, on all pages */
                            total: number;
                        };
                    };
                };
            };
        };
        put?: never;
        /** Write a remark (ACT, reviewers: private or visible, at any state) or answer a visible one (requestor, with replyTo); the other side is notified */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        body: string;
                        /** @description The remark answered */
                        replyTo?: number;
                        visibility?: "private" | "visible";
                    };
                };
            };
            responses: {
                /** @description RFC 9457 problem document */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            attachments: {
                                contentType: string;
                                downloadUrl: string;
                                fieldKey: string;
                                fileName: string;
                                id: number;
                                md5: string;
                                size: number;
                                /** Format: date-time */
                                uploadedOn: string;
                            }[];
                            author: {
                                displayName: string;
                                id: number;
                                username: string;
                            };
                            body: string;
                            /** Format: date-time */
                            createdOn: string;
                            id: number;
                            /** @description return: the comment of a return for changes; answer: the requestor answering */
                            kind: "remark" | "return" | "answer";
                            replyTo: number | null;
                            requestId: number;
                            submissionId: number | null;
                            version: number | null;
                            visibility: "private" | "visible";
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/requests/{id}/remarks/{remarkId}/attachments": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Attach a file to a remark (its author; multipart/form-data: note, then file); seen by whoever sees the remark */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                    remarkId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description RFC 9457 problem document */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            contentType: string;
                            downloadUrl: string;
                            fieldKey: string;
                            fileName: string;
                            id: number;
                            md5: string;
                            size: number;
                            /** Format: date-time */
                            uploadedOn: string;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/requests/{id}/submissions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Every submitted version of the request, oldest first */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description RFC 9457 problem document */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: {
                                accessors: {
                                    /** @description Holds an approval for this AR now */
                                    alreadyApproved: boolean;
                                    displayName: string;
                                    /** @description Meets the AR's certified/validated rules now */
                                    eligible: boolean;
                                    id: number;
                                    isCertified: boolean;
                                    isValidated: boolean;
                                    problem: string | null;
                                    username: string;
                                }[];
                                accessRequirementId: number;
                                accessRequirementName: string;
                                accessRequirementVersion: number;
                                /** @description Answers by field key */
                                answers: {
                                    [key: string]: unknown;
                                };
                                attachments: {
                                    contentType: string;
                                    downloadUrl: string;
                                    fieldKey: string;
                                    fileName: string;
                                    id: number;
                                    md5: string;
                                    size: number;
                                    /** Format: date-time */
                                    uploadedOn: string;
                                }[];
                                /** @description Keys of the fields changed since the previous version */
                                changedFields: string[];
                                decidedBy: {
                                    displayName: string;
                                    id: number;
                                } | null;
                                decidedByRule: string | null;
                                decidedOn: string | null;
                                email: {
                                    body: string;
                                    subject: string;
                                } | null;
                                expiresOn: string | null;
                                /** @description The fields as the requestor answered them */
                                fields: {
                                    /** @description Always present (follows the AR settings); not edited in the designer */
                                    builtin: boolean;
                                    /** @description Shown to requestors */
                                    description: string;
                                    /** @description Stable within the form; answers are keyed by it */
                                    key: string;
                                    label: string;
                                    /** @description Fields are required unless optional */
                                    optional: boolean;
                                    /** @description Choices of single-choice and multiple-choice fields */
                                    options: string[];
                                    /** @description Shown, not answered (the data requestor) */
                                    readOnly: boolean;
                                    templateId: number | null;
                                    type: "short-text" | "long-text" | "date" | "email" | "single-choice" | "multiple-choice" | "yes-no" | "attachment" | "user-list";
                                }[];
                                formVersion: number;
                                id: number;
                                /** @description The newest version of its request */
                                isCurrent: boolean;
                                reason: string | null;
                                requestId: number;
                                requestor: {
                                    displayName: string;
                                    id: number;
                                    isCertified: boolean;
                                    isValidated: boolean;
                                    username: string;
                                };
                                requestState: "DRAFT" | "SUBMITTED" | "APPROVED" | "REJECTED" | "CANCELLED" | "EXPIRED" | "REVOKED" | "RETURNED";
                                returnedBy: {
                                    displayName: string;
                                    id: number;
                                } | null;
                                returnedOn: string | null;
                                state: "SUBMITTED" | "APPROVED" | "REJECTED" | "CANCELLED" | "EXPIRED" | "REVOKED" | "RETURNED";
                                /** Format: date-time */
                                submittedOn: string;
                                version: number;
                                versions: {
                                    id: number;
                                    state: "SUBMITTED" | "APPROVED" | "REJECTED" | "CANCELLED" | "EXPIRED" | "REVOKED" | "RETURNED";
                                    /** Format: date-time */
                                    submittedOn: string;
                                    version: number;
                                }[];
                            }[];
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/requests/{id}/submit": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Submit the request as a new version (requestor). 400 REQUIRED_FIELDS_MISSING lists every missing field; a retry answers 200 with the pending submission */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        etag?: string;
                    };
                };
            };
            responses: {
                /** @description RFC 9457 problem document */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            accessors: {
                                /** @description Holds an approval for this AR now */
                                alreadyApproved: boolean;
                                displayName: string;
                                /** @description Meets the AR's certified/validated rules now */
                                eligible: boolean;
                                id: number;
                                isCertified: boolean;
                                isValidated: boolean;
                                problem: string | null;
                                username: string;
                            }[];
                            accessRequirementId: number;
                            accessRequirementName: string;
                            accessRequirementVersion: number;
                            /** @description Answers by field key */
                            answers: {
                                [key: string]: unknown;
                            };
                            attachments: {
                                contentType: string;
                                downloadUrl: string;
                                fieldKey: string;
                                fileName: string;
                                id: number;
                                md5: string;
                                size: number;
                                /** Format: date-time */
                                uploadedOn: string;
                            }[];
                            /** @description Keys of the fields changed since the previous version */
                            changedFields: string[];
                            decidedBy: {
                                displayName: string;
                                id: number;
                            } | null;
                            decidedByRule: string | null;
                            decidedOn: string | null;
                            email: {
                                body: string;
                                subject: string;
                            } | null;
                            expiresOn: string | null;
                            /** @description The fields as the requestor answered them */
                            fields: {
                                /** @description Always present (follows the AR settings); not edited in the designer */
                                builtin: boolean;
                                /** @description Shown to requestors */
                                description: string;
                                /** @description Stable within the form; answers are keyed by it */
                                key: string;
                                label: string;
                                /** @description Fields are required unless optional */
                                optional: boolean;
                                /** @description Choices of single-choice and multiple-choice fields */
                                options: string[];
                                /** @description Shown, not answered (the data requestor) */
                                readOnly: boolean;
                                templateId: number | null;
                                type: "short-text" | "long-text" | "date" | "email" | "single-choice" | "multiple-choice" | "yes-no" | "attachment" | "user-list";
                            }[];
                            formVersion: number;
                            id: number;
                            /** @description The newest version of its request */
                            isCurrent: boolean;
                            reason: string | null;
                            requestId: number;
                            requestor: {
                                displayName: string;
                                id: number;
                                isCertified: boolean;
                                isValidated: boolean;
                                username: string;
                            };
                            requestState: "DRAFT" | "SUBMITTED" | "APPROVED" | "REJECTED" | "CANCELLED" | "EXPIRED" | "REVOKED" | "RETURNED";
                            returnedBy: {
                                displayName: string;
                                id: number;
                            } | null;
                            returnedOn: string | null;
                            state: "SUBMITTED" | "APPROVED" | "REJECTED" | "CANCELLED" | "EXPIRED" | "REVOKED" | "RETURNED";
                            /** Format: date-time */
                            submittedOn: string;
                            version: number;
                            versions: {
                                id: number;
                                state: "SUBMITTED" | "APPROVED" | "REJECTED" | "CANCELLED" | "EXPIRED" | "REVOKED" | "RETURNED";
                                /** Format: date-time */
                                submittedOn: string;
                                version: number;
                            }[];
                        };
                    };
                };
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            accessors: {
                                /** @description Holds an approval for this AR now */
                                alreadyApproved: boolean;
                                displayName: string;
                                /** @description Meets the AR's certified/validated rules now */
                                eligible: boolean;
                                id: number;
                                isCertified: boolean;
                                isValidated: boolean;
                                problem: string | null;
                                username: string;
                            }[];
                            accessRequirementId: number;
                            accessRequirementName: string;
                            accessRequirementVersion: number;
                            /** @description Answers by field key */
                            answers: {
                                [key: string]: unknown;
                            };
                            attachments: {
                                contentType: string;
                                downloadUrl: string;
                                fieldKey: string;
                                fileName: string;
                                id: number;
                                md5: string;
                                size: number;
                                /** Format: date-time */
                                uploadedOn: string;
                            }[];
                            /** @description Keys of the fields changed since the previous version */
                            changedFields: string[];
                            decidedBy: {
                                displayName: string;
                                id: number;
                            } | null;
                            decidedByRule: string | null;
                            decidedOn: string | null;
                            email: {
                                body: string;
                                subject: string;
                            } | null;
                            expiresOn: string | null;
                            /** @description The fields as the requestor answered them */
                            fields: {
                                /** @description Always present (follows the AR settings); not edited in the designer */
                                builtin: boolean;
                                /** @description Shown to requestors */
                                description: string;
                                /** @description Stable within the form; answers are keyed by it */
                                key: string;
                                label: string;
                                /** @description Fields are required unless optional */
                                optional: boolean;
                                /** @description Choices of single-choice and multiple-choice fields */
                                options: string[];
                                /** @description Shown, not answered (the data requestor) */
                                readOnly: boolean;
                                templateId: number | null;
                                type: "short-text" | "long-text" | "date" | "email" | "single-choice" | "multiple-choice" | "yes-no" | "attachment" | "user-list";
                            }[];
                            formVersion: number;
                            id: number;
                            /** @description The newest version of its request */
                            isCurrent: boolean;
                            reason: string | null;
                            requestId: number;
                            requestor: {
                                displayName: string;
                                id: number;
                                isCertified: boolean;
                                isValidated: boolean;
                                username: string;
                            };
                            requestState: "DRAFT" | "SUBMITTED" | "APPROVED" | "REJECTED" | "CANCELLED" | "EXPIRED" | "REVOKED" | "RETURNED";
                            returnedBy: {
                                displayName: string;
                                id: number;
                            } | null;
                            returnedOn: string | null;
                            state: "SUBMITTED" | "APPROVED" | "REJECTED" | "CANCELLED" | "EXPIRED" | "REVOKED" | "RETURNED";
                            /** Format: date-time */
                            submittedOn: string;
                            version: number;
                            versions: {
                                id: number;
                                state: "SUBMITTED" | "APPROVED" | "REJECTED" | "CANCELLED" | "EXPIRED" | "REVOKED" | "RETURNED";
                                /** Format: date-time */
                                submittedOn: string;
                                version: number;
                            }[];
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/requests/mine": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** My requests (as requestor, or where I am an accessor), most recently changed first */
        get: {
            parameters: {
                query?: {
                    accessRequirementId?: number;
                    limit?: number;
                    offset?: number;
                    role?: "requestor" | "accessor";
                    state?: "DRAFT" | "SUBMITTED" | "APPROVED" | "REJECTED" | "CANCELLED" | "EXPIRED" | "REVOKED" | "RETURNED";
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description RFC 9457 problem document */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: {
                                /** @description What every accessor must be, to show who qualifies before adding them */
                                accessorRules: {
                                    certifiedRequired: boolean;
                                    validatedRequired: boolean;
                                };
                                accessors: {
                                    /** @description Holds an approval for this AR now */
                                    alreadyApproved: boolean;
                                    displayName: string;
                                    /** @description Meets the AR's certified/validated rules now */
                                    eligible: boolean;
                                    id: number;
                                    isCertified: boolean;
                                    isValidated: boolean;
                                    problem: string | null;
                                    username: string;
                                }[];
                                accessRequirementId: number;
                                accessRequirementName: string;
                                activeApproval: {
                                    accessors: {
                                        displayName: string;
                                        id: number;
                                        isCertified: boolean;
                                        isValidated: boolean;
                                        username: string;
                                    }[];
                                    expiresOn: string | null;
                                } | null;
                                /** @description Answers by field key */
                                answers: {
                                    [key: string]: unknown;
                                };
                                attachments: {
                                    contentType: string;
                                    downloadUrl: string;
                                    fieldKey: string;
                                    fileName: string;
                                    id: number;
                                    md5: string;
                                    size: number;
                                    /** Format: date-time */
                                    uploadedOn: string;
                                }[];
                                canCancel: boolean;
                                /** @description The requestor may start a new request from this one */
                                canCopy: boolean;
                                /** @description A draft never submitted: the requestor may delete it */
                                canDelete: boolean;
                                canEdit: boolean;
                                canSubmit: boolean;
                                /** Format: date-time */
                                createdOn: string;
                                currentSubmissionId: number | null;
                                etag: string;
                                /** @description The form the working copy answers */
                                fields: {
                                    /** @description Always present (follows the AR settings); not edited in the designer */
                                    builtin: boolean;
                                    /** @description Shown to requestors */
                                    description: string;
                                    /** @description Stable within the form; answers are keyed by it */
                                    key: string;
                                    label: string;
                                    /** @description Fields are required unless optional */
                                    optional: boolean;
                                    /** @description Choices of single-choice and multiple-choice fields */
                                    options: string[];
                                    /** @description Shown, not answered (the data requestor) */
                                    readOnly: boolean;
                                    templateId: number | null;
                                    type: "short-text" | "long-text" | "date" | "email" | "single-choice" | "multiple-choice" | "yes-no" | "attachment" | "user-list";
                                }[];
                                formVersion: number;
                                id: number;
                                /** Format: date-time */
                                modifiedOn: string;
                                requestor: {
                                    displayName: string;
                                    id: number;
                                    isCertified: boolean;
                                    isValidated: boolean;
                                    username: string;
                                };
                                returned: {
                                    by: {
                                        displayName: string;
                                        id: number;
                                    };
                                    comment: string;
                                    /** Format: date-time */
                                    on: string;
                                    submissionId: number;
                                } | null;
                                role?: "requestor" | "accessor";
                                state: "DRAFT" | "SUBMITTED" | "APPROVED" | "REJECTED" | "CANCELLED" | "EXPIRED" | "REVOKED" | "RETURNED";
                                submissions: {
                                    id: number;
                                    state: "SUBMITTED" | "APPROVED" | "REJECTED" | "CANCELLED" | "EXPIRED" | "REVOKED" | "RETURNED";
                                    /** Format: date-time */
                                    submittedOn: string;
                                    version: number;
                                }[];
                                /** @description How many times it was submitted */
                                version: number;
                            }[];
                            limit: number;
                            offset: number;
                            /** @description How many items match, on all pages */
                            total: number;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/reviewer-invitations": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Reviewer invitations, newest first (ACT), of an access requirement or of a request */
        get: {
            parameters: {
                query?: {
                    accessRequirementId?: number;
                    limit?: number;
                    offset?: number;
                    requestId?: number;
                    status?: "pending" | "accepted" | "expired" | "withdrawn" | "ended";
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description RFC 9457 problem document */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: {
                                acceptedBy: {
                                    displayName: string;
                                    id: number;
                                    username: string;
                                } | null;
                                acceptedOn: string | null;
                                accessRequirement: {
                                    id: number;
                                    name: string;
                                };
                                /** Format: date-time */
                                createdOn: string;
                                /** @description Where the invitation was sent */
                                email: string;
                                /** Format: date-time */
                                expiresOn: string;
                                id: number;
                                invitedBy: {
                                    displayName: string;
                                    id: number;
                                };
                                kind: "accessor" | "reviewer";
                                requestId: number | null;
                                status: "pending" | "accepted" | "expired" | "withdrawn" | "ended";
                                withdrawnOn: string | null;
                            }[];
                            limit: number;
                            offset: number;
                            /** @description How many items match, on all pages */
                            total: number;
                        };
                    };
                };
            };
        };
        put?: never;
        /** Invite an external reviewer by email (ACT), for one request (requestId) or for every request of an access requirement (accessRequirementId) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        accessRequirementId?: number;
                        email: string;
                        requestId?: number;
                    };
                };
            };
            responses: {
                /** @description RFC 9457 problem document */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description An invitation by email; its token is only in the email */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            acceptedBy: {
                                displayName: string;
                                id: number;
                                username: string;
                            } | null;
                            acceptedOn: string | null;
                            accessRequirement: {
                                id: number;
                                name: string;
                            };
                            /** Format: date-time */
                            createdOn: string;
                            /** @description Where the invitation was sent */
                            email: string;
                            /** Format: date-time */
                            expiresOn: string;
                            id: number;
                            invitedBy: {
                                displayName: string;
                                id: number;
                            };
                            kind: "accessor" | "reviewer";
                            requestId: number | null;
                            status: "pending" | "accepted" | "expired" | "withdrawn" | "ended";
                            withdrawnOn: string | null;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/reviews": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The ManagedACT access requirements whose requests I review (all of them for ACT), with how many wait for review */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description RFC 9457 problem document */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: {
                                accessRequirementId: number;
                                /** @description Requests whose newest version is SUBMITTED */
                                awaitingReview: number;
                                /** @description False for a delegated reviewer who is not validated yet */
                                mayReview: boolean;
                                name: string;
                                /** @description When mayReview is false: why (the REVIEWER_NOT_VALIDATED sentence) */
                                note?: string;
                                /** @description When mayReview is false: the page where the reviewer submits their identity verification */
                                verificationUrl?: string;
                            }[];
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/runtimes": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** My runtimes, newest first (platform administrators: everyone's, userId filters) */
        get: {
            parameters: {
                query?: {
                    limit?: number;
                    offset?: number;
                    projectId?: string;
                    status?: "running" | "stopping" | "stopped" | "stop_failed";
                    userId?: number;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description RFC 9457 problem document */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: {
                                /** Format: date-time */
                                createdAt: string;
                                externalId: string | null;
                                id: number;
                                kind: "vm" | "notebook" | "other";
                                name: string;
                                orchestratorResult: {
                                    /** Format: date-time */
                                    at: string;
                                    body: string | null;
                                    delivered: boolean;
                                    error: string | null;
                                    status: number | null;
                                } | null;
                                projectId: string;
                                status: "running" | "stopping" | "stopped" | "stop_failed";
                                stoppedAt: string | null;
                                stopReason: string | null;
                                stopRequestedAt: string | null;
                                stopRequestedBy: number | null;
                                userId: number;
                                username: string;
                            }[];
                            limit: number;
                            offset: number;
                            /** @description How many items match, on all pages */
                            total: number;
                        };
                    };
                };
            };
        };
        put?: never;
        /** Register an analysis runtime in a project (COMPUTE on the project; the authorization domain applies) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        externalId?: string;
                        kind: "vm" | "notebook" | "other";
                        name: string;
                        projectId: string | number;
                    };
                };
            };
            responses: {
                /** @description RFC 9457 problem document */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** Format: date-time */
                            createdAt: string;
                            externalId: string | null;
                            id: number;
                            kind: "vm" | "notebook" | "other";
                            name: string;
                            orchestratorResult: {
                                /** Format: date-time */
                                at: string;
                                body: string | null;
                                delivered: boolean;
                                error: string | null;
                                status: number | null;
                            } | null;
                            projectId: string;
                            status: "running" | "stopping" | "stopped" | "stop_failed";
                            stoppedAt: string | null;
                            stopReason: string | null;
                            stopRequestedAt: string | null;
                            stopRequestedBy: number | null;
                            userId: number;
                            username: string;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/runtimes/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One runtime (its user, the project owner, platform administrators) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description Runtime id */
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description RFC 9457 problem document */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** Format: date-time */
                            createdAt: string;
                            externalId: string | null;
                            id: number;
                            kind: "vm" | "notebook" | "other";
                            name: string;
                            orchestratorResult: {
                                /** Format: date-time */
                                at: string;
                                body: string | null;
                                delivered: boolean;
                                error: string | null;
                                status: number | null;
                            } | null;
                            projectId: string;
                            status: "running" | "stopping" | "stopped" | "stop_failed";
                            stoppedAt: string | null;
                            stopReason: string | null;
                            stopRequestedAt: string | null;
                            stopRequestedBy: number | null;
                            userId: number;
                            username: string;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/runtimes/{id}/stop": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Ask the orchestrator to stop the runtime (signed webhook) and record its answer: stopped, or stop_failed */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description Runtime id */
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        reason?: string;
                    };
                };
            };
            responses: {
                /** @description RFC 9457 problem document */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** Format: date-time */
                            createdAt: string;
                            externalId: string | null;
                            id: number;
                            kind: "vm" | "notebook" | "other";
                            name: string;
                            orchestratorResult: {
                                /** Format: date-time */
                                at: string;
                                body: string | null;
                                delivered: boolean;
                                error: string | null;
                                status: number | null;
                            } | null;
                            projectId: string;
                            status: "running" | "stopping" | "stopped" | "stop_failed";
                            stoppedAt: string | null;
                            stopReason: string | null;
                            stopRequestedAt: string | null;
                            stopRequestedBy: number | null;
                            userId: number;
                            username: string;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/search": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Search the projects, folders and files I can READ by name, description, file name, content type, MD5 or id; best matches first. The total counts only what I can READ, among the 5000 best matches on the platform */
        get: {
            parameters: {
                query: {
                    /** @description true: files I can download now; false: files I cannot */
                    canDownload?: boolean;
                    limit?: number;
                    offset?: number;
                    /** @description Only inside this project */
                    projectId?: string;
                    /** @description Words (each matched as the start of a word), an MD5, or an id */
                    q: string;
                    restriction?: "OPEN" | "RESTRICTED_BY_TERMS_OF_USE" | "CONTROLLED_BY_ACT";
                    type?: "project" | "folder" | "file";
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description RFC 9457 problem document */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: {
                                /** @description Files: whether I can download it now; null for projects and folders */
                                canDownload: boolean | null;
                                description: string;
                                file?: {
                                    contentType: string;
                                    fileName: string;
                                    md5: string;
                                    size: number;
                                };
                                hasUnmetAccessRequirement: boolean;
                                /** @description Entity id, e.g. syn123 */
                                id: string;
                                /** Format: date-time */
                                modifiedOn: string;
                                name: string;
                                /** @description The ancestors of the hit, the project first */
                                path: {
                                    /** @description Entity id, e.g. syn123 */
                                    id: string;
                                    /** @description Null when I may not READ this ancestor */
                                    name: string | null;
                                    type: "project" | "folder" | "file";
                                }[];
                                /** @description Entity id, e.g. syn123 */
                                projectId: string;
                                restrictionLevel: "OPEN" | "RESTRICTED_BY_TERMS_OF_USE" | "CONTROLLED_BY_ACT";
                                /** @description The description around the first word that matched */
                                snippet: string | null;
                                type: "project" | "folder" | "file";
                            }[];
                            limit: number;
                            offset: number;
                            /** @description The words searched for, lower-case (for highlighting) */
                            terms: string[];
                            /** @description How many entities I can READ match, on all pages */
                            total: number;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/submissions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The review table across access requirements (ACT) */
        get: {
            parameters: {
                query?: {
                    /** @description User id or name */
                    accessor?: string;
                    accessRequirementId?: number;
                    /** @description Every version, not only the newest of each request */
                    allVersions?: boolean;
                    limit?: number;
                    offset?: number;
                    /** @description newest submission first (the default), or oldest first: the waiting requests as a queue */
                    order?: "newest" | "oldest";
                    /** @description User id or name */
                    requestor?: string;
                    state?: "SUBMITTED" | "APPROVED" | "REJECTED" | "CANCELLED" | "EXPIRED" | "REVOKED" | "RETURNED";
                    /** @description Only this submission (the link in the "submitted" notice) */
                    submission?: number;
                    /** @description Submitted at or after */
                    submittedFrom?: string;
                    /** @description Submitted before */
                    submittedTo?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description RFC 9457 problem document */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: {
                                accessors: {
                                    /** @description Holds an approval for this AR now */
                                    alreadyApproved: boolean;
                                    displayName: string;
                                    /** @description Meets the AR's certified/validated rules now */
                                    eligible: boolean;
                                    id: number;
                                    isCertified: boolean;
                                    isValidated: boolean;
                                    problem: string | null;
                                    username: string;
                                }[];
                                accessRequirementId: number;
                                accessRequirementName: string;
                                accessRequirementVersion: number;
                                /** @description Answers by field key */
                                answers: {
                                    [key: string]: unknown;
                                };
                                attachments: {
                                    contentType: string;
                                    downloadUrl: string;
                                    fieldKey: string;
                                    fileName: string;
                                    id: number;
                                    md5: string;
                                    size: number;
                                    /** Format: date-time */
                                    uploadedOn: string;
                                }[];
                                /** @description Keys of the fields changed since the previous version */
                                changedFields: string[];
                                decidedBy: {
                                    displayName: string;
                                    id: number;
                                } | null;
                                decidedByRule: string | null;
                                decidedOn: string | null;
                                email: {
                                    body: string;
                                    subject: string;
                                } | null;
                                expiresOn: string | null;
                                /** @description The fields as the requestor answered them */
                                fields: {
                                    /** @description Always present (follows the AR settings); not edited in the designer */
                                    builtin: boolean;
                                    /** @description Shown to requestors */
                                    description: string;
                                    /** @description Stable within the form; answers are keyed by it */
                                    key: string;
                                    label: string;
                                    /** @description Fields are required unless optional */
                                    optional: boolean;
                                    /** @description Choices of single-choice and multiple-choice fields */
                                    options: string[];
                                    /** @description Shown, not answered (the data requestor) */
                                    readOnly: boolean;
                                    templateId: number | null;
                                    type: "short-text" | "long-text" | "date" | "email" | "single-choice" | "multiple-choice" | "yes-no" | "attachment" | "user-list";
                                }[];
                                formVersion: number;
                                id: number;
                                /** @description The newest version of its request */
                                isCurrent: boolean;
                                reason: string | null;
                                requestId: number;
                                requestor: {
                                    displayName: string;
                                    id: number;
                                    isCertified: boolean;
                                    isValidated: boolean;
                                    username: string;
                                };
                                requestState: "DRAFT" | "SUBMITTED" | "APPROVED" | "REJECTED" | "CANCELLED" | "EXPIRED" | "REVOKED" | "RETURNED";
                                returnedBy: {
                                    displayName: string;
                                    id: number;
                                } | null;
                                returnedOn: string | null;
                                state: "SUBMITTED" | "APPROVED" | "REJECTED" | "CANCELLED" | "EXPIRED" | "REVOKED" | "RETURNED";
                                /** Format: date-time */
                                submittedOn: string;
                                version: number;
                                versions: {
                                    id: number;
                                    state: "SUBMITTED" | "APPROVED" | "REJECTED" | "CANCELLED" | "EXPIRED" | "REVOKED" | "RETURNED";
                                    /** Format: date-time */
                                    submittedOn: string;
                                    version: number;
                                }[];
                            }[];
                            limit: number;
                            offset: number;
                            /** @description How many items match, on all pages */
                            total: number;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/submissions/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One submission (a version of a request) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description RFC 9457 problem document */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            accessors: {
                                /** @description Holds an approval for this AR now */
                                alreadyApproved: boolean;
                                displayName: string;
                                /** @description Meets the AR's certified/validated rules now */
                                eligible: boolean;
                                id: number;
                                isCertified: boolean;
                                isValidated: boolean;
                                problem: string | null;
                                username: string;
                            }[];
                            accessRequirementId: number;
                            accessRequirementName: string;
                            accessRequirementVersion: number;
                            /** @description Answers by field key */
                            answers: {
                                [key: string]: unknown;
                            };
                            attachments: {
                                contentType: string;
                                downloadUrl: string;
                                fieldKey: string;
                                fileName: string;
                                id: number;
                                md5: string;
                                size: number;
                                /** Format: date-time */
                                uploadedOn: string;
                            }[];
                            /** @description Keys of the fields changed since the previous version */
                            changedFields: string[];
                            decidedBy: {
                                displayName: string;
                                id: number;
                            } | null;
                            decidedByRule: string | null;
                            decidedOn: string | null;
                            email: {
                                body: string;
                                subject: string;
                            } | null;
                            expiresOn: string | null;
                            /** @description The fields as the requestor answered them */
                            fields: {
                                /** @description Always present (follows the AR settings); not edited in the designer */
                                builtin: boolean;
                                /** @description Shown to requestors */
                                description: string;
                                /** @description Stable within the form; answers are keyed by it */
                                key: string;
                                label: string;
                                /** @description Fields are required unless optional */
                                optional: boolean;
                                /** @description Choices of single-choice and multiple-choice fields */
                                options: string[];
                                /** @description Shown, not answered (the data requestor) */
                                readOnly: boolean;
                                templateId: number | null;
                                type: "short-text" | "long-text" | "date" | "email" | "single-choice" | "multiple-choice" | "yes-no" | "attachment" | "user-list";
                            }[];
                            formVersion: number;
                            id: number;
                            /** @description The newest version of its request */
                            isCurrent: boolean;
                            reason: string | null;
                            requestId: number;
                            requestor: {
                                displayName: string;
                                id: number;
                                isCertified: boolean;
                                isValidated: boolean;
                                username: string;
                            };
                            requestState: "DRAFT" | "SUBMITTED" | "APPROVED" | "REJECTED" | "CANCELLED" | "EXPIRED" | "REVOKED" | "RETURNED";
                            returnedBy: {
                                displayName: string;
                                id: number;
                            } | null;
                            returnedOn: string | null;
                            state: "SUBMITTED" | "APPROVED" | "REJECTED" | "CANCELLED" | "EXPIRED" | "REVOKED" | "RETURNED";
                            /** Format: date-time */
                            submittedOn: string;
                            version: number;
                            versions: {
                                id: number;
                                state: "SUBMITTED" | "APPROVED" | "REJECTED" | "CANCELLED" | "EXPIRED" | "REVOKED" | "RETURNED";
                                /** Format: date-time */
                                submittedOn: string;
                                version: number;
                            }[];
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/submissions/{id}/cancel": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Cancel a submission awaiting review (requestor); ACT and the reviewers are told */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description RFC 9457 problem document */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            accessors: {
                                /** @description Holds an approval for this AR now */
                                alreadyApproved: boolean;
                                displayName: string;
                                /** @description Meets the AR's certified/validated rules now */
                                eligible: boolean;
                                id: number;
                                isCertified: boolean;
                                isValidated: boolean;
                                problem: string | null;
                                username: string;
                            }[];
                            accessRequirementId: number;
                            accessRequirementName: string;
                            accessRequirementVersion: number;
                            /** @description Answers by field key */
                            answers: {
                                [key: string]: unknown;
                            };
                            attachments: {
                                contentType: string;
                                downloadUrl: string;
                                fieldKey: string;
                                fileName: string;
                                id: number;
                                md5: string;
                                size: number;
                                /** Format: date-time */
                                uploadedOn: string;
                            }[];
                            /** @description Keys of the fields changed since the previous version */
                            changedFields: string[];
                            decidedBy: {
                                displayName: string;
                                id: number;
                            } | null;
                            decidedByRule: string | null;
                            decidedOn: string | null;
                            email: {
                                body: string;
                                subject: string;
                            } | null;
                            expiresOn: string | null;
                            /** @description The fields as the requestor answered them */
                            fields: {
                                /** @description Always present (follows the AR settings); not edited in the designer */
                                builtin: boolean;
                                /** @description Shown to requestors */
                                description: string;
                                /** @description Stable within the form; answers are keyed by it */
                                key: string;
                                label: string;
                                /** @description Fields are required unless optional */
                                optional: boolean;
                                /** @description Choices of single-choice and multiple-choice fields */
                                options: string[];
                                /** @description Shown, not answered (the data requestor) */
                                readOnly: boolean;
                                templateId: number | null;
                                type: "short-text" | "long-text" | "date" | "email" | "single-choice" | "multiple-choice" | "yes-no" | "attachment" | "user-list";
                            }[];
                            formVersion: number;
                            id: number;
                            /** @description The newest version of its request */
                            isCurrent: boolean;
                            reason: string | null;
                            requestId: number;
                            requestor: {
                                displayName: string;
                                id: number;
                                isCertified: boolean;
                                isValidated: boolean;
                                username: string;
                            };
                            requestState: "DRAFT" | "SUBMITTED" | "APPROVED" | "REJECTED" | "CANCELLED" | "EXPIRED" | "REVOKED" | "RETURNED";
                            returnedBy: {
                                displayName: string;
                                id: number;
                            } | null;
                            returnedOn: string | null;
                            state: "SUBMITTED" | "APPROVED" | "REJECTED" | "CANCELLED" | "EXPIRED" | "REVOKED" | "RETURNED";
                            /** Format: date-time */
                            submittedOn: string;
                            version: number;
                            versions: {
                                id: number;
                                state: "SUBMITTED" | "APPROVED" | "REJECTED" | "CANCELLED" | "EXPIRED" | "REVOKED" | "RETURNED";
                                /** Format: date-time */
                                submittedOn: string;
                                version: number;
                            }[];
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/submissions/{id}/decision": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Before deciding (ACT, reviewers): who gets access until when, whose access ends, and the approval email to edit */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description RFC 9457 problem document */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            approvalEmail: {
                                body: string;
                                recipients: {
                                    displayName: string;
                                    id: number;
                                    username: string;
                                }[];
                                subject: string;
                            };
                            canDecide: boolean;
                            submission: {
                                accessors: {
                                    /** @description Holds an approval for this AR now */
                                    alreadyApproved: boolean;
                                    displayName: string;
                                    /** @description Meets the AR's certified/validated rules now */
                                    eligible: boolean;
                                    id: number;
                                    isCertified: boolean;
                                    isValidated: boolean;
                                    problem: string | null;
                                    username: string;
                                }[];
                                accessRequirementId: number;
                                accessRequirementName: string;
                                accessRequirementVersion: number;
                                /** @description Answers by field key */
                                answers: {
                                    [key: string]: unknown;
                                };
                                attachments: {
                                    contentType: string;
                                    downloadUrl: string;
                                    fieldKey: string;
                                    fileName: string;
                                    id: number;
                                    md5: string;
                                    size: number;
                                    /** Format: date-time */
                                    uploadedOn: string;
                                }[];
                                /** @description Keys of the fields changed since the previous version */
                                changedFields: string[];
                                decidedBy: {
                                    displayName: string;
                                    id: number;
                                } | null;
                                decidedByRule: string | null;
                                decidedOn: string | null;
                                email: {
                                    body: string;
                                    subject: string;
                                } | null;
                                expiresOn: string | null;
                                /** @description The fields as the requestor answered them */
                                fields: {
                                    /** @description Always present (follows the AR settings); not edited in the designer */
                                    builtin: boolean;
                                    /** @description Shown to requestors */
                                    description: string;
                                    /** @description Stable within the form; answers are keyed by it */
                                    key: string;
                                    label: string;
                                    /** @description Fields are required unless optional */
                                    optional: boolean;
                                    /** @description Choices of single-choice and multiple-choice fields */
                                    options: string[];
                                    /** @description Shown, not answered (the data requestor) */
                                    readOnly: boolean;
                                    templateId: number | null;
                                    type: "short-text" | "long-text" | "date" | "email" | "single-choice" | "multiple-choice" | "yes-no" | "attachment" | "user-list";
                                }[];
                                formVersion: number;
                                id: number;
                                /** @description The newest version of its request */
                                isCurrent: boolean;
                                reason: string | null;
                                requestId: number;
                                requestor: {
                                    displayName: string;
                                    id: number;
                                    isCertified: boolean;
                                    isValidated: boolean;
                                    username: string;
                                };
                                requestState: "DRAFT" | "SUBMITTED" | "APPROVED" | "REJECTED" | "CANCELLED" | "EXPIRED" | "REVOKED" | "RETURNED";
                                returnedBy: {
                                    displayName: string;
                                    id: number;
                                } | null;
                                returnedOn: string | null;
                                state: "SUBMITTED" | "APPROVED" | "REJECTED" | "CANCELLED" | "EXPIRED" | "REVOKED" | "RETURNED";
                                /** Format: date-time */
                                submittedOn: string;
                                version: number;
                                versions: {
                                    id: number;
                                    state: "SUBMITTED" | "APPROVED" | "REJECTED" | "CANCELLED" | "EXPIRED" | "REVOKED" | "RETURNED";
                                    /** Format: date-time */
                                    submittedOn: string;
                                    version: number;
                                }[];
                            };
                            summary: {
                                accessors: {
                                    /** @description Holds an approval for this AR now */
                                    alreadyApproved: boolean;
                                    displayName: string;
                                    /** @description Meets the AR's certified/validated rules now */
                                    eligible: boolean;
                                    id: number;
                                    isCertified: boolean;
                                    isValidated: boolean;
                                    problem: string | null;
                                    username: string;
                                }[];
                                expiresOn: string | null;
                                /** @description Accessors dropped from the request; their approval ends */
                                removed: {
                                    displayName: string;
                                    id: number;
                                    username: string;
                                }[];
                                /** @description Accessors whose approval from this request is renewed */
                                renewed: {
                                    displayName: string;
                                    id: number;
                                    username: string;
                                }[];
                            };
                        };
                    };
                };
            };
        };
        put?: never;
        /** Approve (with the email, edited or not) or reject (with a reason) a submission (ACT, reviewers); a repeat of the same decision changes nothing */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        decision: "APPROVED" | "REJECTED";
                        /** @description The approval email as edited; the template when left out */
                        email?: {
                            body: string;
                            subject: string;
                        };
                        /** @description Required to reject; sent to the requestor */
                        reason?: string;
                    };
                };
            };
            responses: {
                /** @description RFC 9457 problem document */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            accessors: {
                                /** @description Holds an approval for this AR now */
                                alreadyApproved: boolean;
                                displayName: string;
                                /** @description Meets the AR's certified/validated rules now */
                                eligible: boolean;
                                id: number;
                                isCertified: boolean;
                                isValidated: boolean;
                                problem: string | null;
                                username: string;
                            }[];
                            accessRequirementId: number;
                            accessRequirementName: string;
                            accessRequirementVersion: number;
                            /** @description Answers by field key */
                            answers: {
                                [key: string]: unknown;
                            };
                            attachments: {
                                contentType: string;
                                downloadUrl: string;
                                fieldKey: string;
                                fileName: string;
                                id: number;
                                md5: string;
                                size: number;
                                /** Format: date-time */
                                uploadedOn: string;
                            }[];
                            /** @description Keys of the fields changed since the previous version */
                            changedFields: string[];
                            decidedBy: {
                                displayName: string;
                                id: number;
                            } | null;
                            decidedByRule: string | null;
                            decidedOn: string | null;
                            email: {
                                body: string;
                                subject: string;
                            } | null;
                            expiresOn: string | null;
                            /** @description The fields as the requestor answered them */
                            fields: {
                                /** @description Always present (follows the AR settings); not edited in the designer */
                                builtin: boolean;
                                /** @description Shown to requestors */
                                description: string;
                                /** @description Stable within the form; answers are keyed by it */
                                key: string;
                                label: string;
                                /** @description Fields are required unless optional */
                                optional: boolean;
                                /** @description Choices of single-choice and multiple-choice fields */
                                options: string[];
                                /** @description Shown, not answered (the data requestor) */
                                readOnly: boolean;
                                templateId: number | null;
                                type: "short-text" | "long-text" | "date" | "email" | "single-choice" | "multiple-choice" | "yes-no" | "attachment" | "user-list";
                            }[];
                            formVersion: number;
                            id: number;
                            /** @description The newest version of its request */
                            isCurrent: boolean;
                            reason: string | null;
                            requestId: number;
                            requestor: {
                                displayName: string;
                                id: number;
                                isCertified: boolean;
                                isValidated: boolean;
                                username: string;
                            };
                            requestState: "DRAFT" | "SUBMITTED" | "APPROVED" | "REJECTED" | "CANCELLED" | "EXPIRED" | "REVOKED" | "RETURNED";
                            returnedBy: {
                                displayName: string;
                                id: number;
                            } | null;
                            returnedOn: string | null;
                            state: "SUBMITTED" | "APPROVED" | "REJECTED" | "CANCELLED" | "EXPIRED" | "REVOKED" | "RETURNED";
                            /** Format: date-time */
                            submittedOn: string;
                            version: number;
                            versions: {
                                id: number;
                                state: "SUBMITTED" | "APPROVED" | "REJECTED" | "CANCELLED" | "EXPIRED" | "REVOKED" | "RETURNED";
                                /** Format: date-time */
                                submittedOn: string;
                                version: number;
                            }[];
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/submissions/{id}/return": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Return a submitted version to the requestor for changes, with a comment (ACT, reviewers): RETURNED, not rejected; the comment opens the thread (attach files to its remark) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        comment: string;
                    };
                };
            };
            responses: {
                /** @description RFC 9457 problem document */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description null on a retry */
                            remark: {
                                attachments: {
                                    contentType: string;
                                    downloadUrl: string;
                                    fieldKey: string;
                                    fileName: string;
                                    id: number;
                                    md5: string;
                                    size: number;
                                    /** Format: date-time */
                                    uploadedOn: string;
                                }[];
                                author: {
                                    displayName: string;
                                    id: number;
                                    username: string;
                                };
                                body: string;
                                /** Format: date-time */
                                createdOn: string;
                                id: number;
                                /** @description return: the comment of a return for changes; answer: the requestor answering */
                                kind: "remark" | "return" | "answer";
                                replyTo: number | null;
                                requestId: number;
                                submissionId: number | null;
                                version: number | null;
                                visibility: "private" | "visible";
                            } | null;
                            submission: {
                                accessors: {
                                    /** @description Holds an approval for this AR now */
                                    alreadyApproved: boolean;
                                    displayName: string;
                                    /** @description Meets the AR's certified/validated rules now */
                                    eligible: boolean;
                                    id: number;
                                    isCertified: boolean;
                                    isValidated: boolean;
                                    problem: string | null;
                                    username: string;
                                }[];
                                accessRequirementId: number;
                                accessRequirementName: string;
                                accessRequirementVersion: number;
                                /** @description Answers by field key */
                                answers: {
                                    [key: string]: unknown;
                                };
                                attachments: {
                                    contentType: string;
                                    downloadUrl: string;
                                    fieldKey: string;
                                    fileName: string;
                                    id: number;
                                    md5: string;
                                    size: number;
                                    /** Format: date-time */
                                    uploadedOn: string;
                                }[];
                                /** @description Keys of the fields changed since the previous version */
                                changedFields: string[];
                                decidedBy: {
                                    displayName: string;
                                    id: number;
                                } | null;
                                decidedByRule: string | null;
                                decidedOn: string | null;
                                email: {
                                    body: string;
                                    subject: string;
                                } | null;
                                expiresOn: string | null;
                                /** @description The fields as the requestor answered them */
                                fields: {
                                    /** @description Always present (follows the AR settings); not edited in the designer */
                                    builtin: boolean;
                                    /** @description Shown to requestors */
                                    description: string;
                                    /** @description Stable within the form; answers are keyed by it */
                                    key: string;
                                    label: string;
                                    /** @description Fields are required unless optional */
                                    optional: boolean;
                                    /** @description Choices of single-choice and multiple-choice fields */
                                    options: string[];
                                    /** @description Shown, not answered (the data requestor) */
                                    readOnly: boolean;
                                    templateId: number | null;
                                    type: "short-text" | "long-text" | "date" | "email" | "single-choice" | "multiple-choice" | "yes-no" | "attachment" | "user-list";
                                }[];
                                formVersion: number;
                                id: number;
                                /** @description The newest version of its request */
                                isCurrent: boolean;
                                reason: string | null;
                                requestId: number;
                                requestor: {
                                    displayName: string;
                                    id: number;
                                    isCertified: boolean;
                                    isValidated: boolean;
                                    username: string;
                                };
                                requestState: "DRAFT" | "SUBMITTED" | "APPROVED" | "REJECTED" | "CANCELLED" | "EXPIRED" | "REVOKED" | "RETURNED";
                                returnedBy: {
                                    displayName: string;
                                    id: number;
                                } | null;
                                returnedOn: string | null;
                                state: "SUBMITTED" | "APPROVED" | "REJECTED" | "CANCELLED" | "EXPIRED" | "REVOKED" | "RETURNED";
                                /** Format: date-time */
                                submittedOn: string;
                                version: number;
                                versions: {
                                    id: number;
                                    state: "SUBMITTED" | "APPROVED" | "REJECTED" | "CANCELLED" | "EXPIRED" | "REVOKED" | "RETURNED";
                                    /** Format: date-time */
                                    submittedOn: string;
                                    version: number;
                                }[];
                            };
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/submissions/{id}/revoke": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Revoke an approved request (ACT): every approval it granted ends at once; with block, the requestor and/or accessors are put on the block list of the access requirement */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        block?: {
                            /** @description Block these accessors of the revoked version */
                            accessorIds?: number[];
                            /** @description The revocation's reason when left out */
                            reason?: string;
                            /** @description Block the requestor */
                            requestor?: boolean;
                            /**
                             * Format: date-time
                             * @description When the block ends; never (until lifted) when left out
                             */
                            until?: string;
                        };
                        reason: string;
                    };
                };
            };
            responses: {
                /** @description RFC 9457 problem document */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            accessors: {
                                /** @description Holds an approval for this AR now */
                                alreadyApproved: boolean;
                                displayName: string;
                                /** @description Meets the AR's certified/validated rules now */
                                eligible: boolean;
                                id: number;
                                isCertified: boolean;
                                isValidated: boolean;
                                problem: string | null;
                                username: string;
                            }[];
                            accessRequirementId: number;
                            accessRequirementName: string;
                            accessRequirementVersion: number;
                            /** @description Answers by field key */
                            answers: {
                                [key: string]: unknown;
                            };
                            attachments: {
                                contentType: string;
                                downloadUrl: string;
                                fieldKey: string;
                                fileName: string;
                                id: number;
                                md5: string;
                                size: number;
                                /** Format: date-time */
                                uploadedOn: string;
                            }[];
                            /** @description Keys of the fields changed since the previous version */
                            changedFields: string[];
                            decidedBy: {
                                displayName: string;
                                id: number;
                            } | null;
                            decidedByRule: string | null;
                            decidedOn: string | null;
                            email: {
                                body: string;
                                subject: string;
                            } | null;
                            expiresOn: string | null;
                            /** @description The fields as the requestor answered them */
                            fields: {
                                /** @description Always present (follows the AR settings); not edited in the designer */
                                builtin: boolean;
                                /** @description Shown to requestors */
                                description: string;
                                /** @description Stable within the form; answers are keyed by it */
                                key: string;
                                label: string;
                                /** @description Fields are required unless optional */
                                optional: boolean;
                                /** @description Choices of single-choice and multiple-choice fields */
                                options: string[];
                                /** @description Shown, not answered (the data requestor) */
                                readOnly: boolean;
                                templateId: number | null;
                                type: "short-text" | "long-text" | "date" | "email" | "single-choice" | "multiple-choice" | "yes-no" | "attachment" | "user-list";
                            }[];
                            formVersion: number;
                            id: number;
                            /** @description The newest version of its request */
                            isCurrent: boolean;
                            reason: string | null;
                            requestId: number;
                            requestor: {
                                displayName: string;
                                id: number;
                                isCertified: boolean;
                                isValidated: boolean;
                                username: string;
                            };
                            requestState: "DRAFT" | "SUBMITTED" | "APPROVED" | "REJECTED" | "CANCELLED" | "EXPIRED" | "REVOKED" | "RETURNED";
                            returnedBy: {
                                displayName: string;
                                id: number;
                            } | null;
                            returnedOn: string | null;
                            state: "SUBMITTED" | "APPROVED" | "REJECTED" | "CANCELLED" | "EXPIRED" | "REVOKED" | "RETURNED";
                            /** Format: date-time */
                            submittedOn: string;
                            version: number;
                            versions: {
                                id: number;
                                state: "SUBMITTED" | "APPROVED" | "REJECTED" | "CANCELLED" | "EXPIRED" | "REVOKED" | "RETURNED";
                                /** Format: date-time */
                                submittedOn: string;
                                version: number;
                            }[];
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/teams": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Find teams by name, ordered by name */
        get: {
            parameters: {
                query?: {
                    limit?: number;
                    offset?: number;
                    /** @description Part of the team name, any case */
                    q?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description RFC 9457 problem document */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: {
                                /** @description I may manage this team: one of its managers, or a platform admin; false for the role teams (ADMIN, ACT), which change through users' roles */
                                canManage: boolean;
                                /** Format: date-time */
                                createdAt: string;
                                description: string;
                                id: number;
                                memberCount: number;
                                myPendingInvitation: number | null;
                                /** @description I have asked to join and no manager has answered yet */
                                myPendingRequest: boolean;
                                myRole: ("manager" | "member") | null;
                                name: string;
                            }[];
                            limit: number;
                            offset: number;
                            /** @description How many items match, on all pages */
                            total: number;
                        };
                    };
                };
            };
        };
        put?: never;
        /** Create a team; I become its manager */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        description?: string;
                        /** @description Unique, whatever the case */
                        name: string;
                    };
                };
            };
            responses: {
                /** @description RFC 9457 problem document */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description I may manage this team: one of its managers, or a platform admin; false for the role teams (ADMIN, ACT), which change through users' roles */
                            canManage: boolean;
                            /** Format: date-time */
                            createdAt: string;
                            description: string;
                            id: number;
                            memberCount: number;
                            myPendingInvitation: number | null;
                            /** @description I have asked to join and no manager has answered yet */
                            myPendingRequest: boolean;
                            myRole: ("manager" | "member") | null;
                            name: string;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/teams/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A team, with my place in it */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description Team id */
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description RFC 9457 problem document */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description I may manage this team: one of its managers, or a platform admin; false for the role teams (ADMIN, ACT), which change through users' roles */
                            canManage: boolean;
                            /** Format: date-time */
                            createdAt: string;
                            description: string;
                            id: number;
                            memberCount: number;
                            myPendingInvitation: number | null;
                            /** @description I have asked to join and no manager has answered yet */
                            myPendingRequest: boolean;
                            myRole: ("manager" | "member") | null;
                            name: string;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /** Rename a team or change its description (managers) */
        patch: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description Team id */
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        description?: string;
                        name?: string;
                    };
                };
            };
            responses: {
                /** @description RFC 9457 problem document */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description I may manage this team: one of its managers, or a platform admin; false for the role teams (ADMIN, ACT), which change through users' roles */
                            canManage: boolean;
                            /** Format: date-time */
                            createdAt: string;
                            description: string;
                            id: number;
                            memberCount: number;
                            myPendingInvitation: number | null;
                            /** @description I have asked to join and no manager has answered yet */
                            myPendingRequest: boolean;
                            myRole: ("manager" | "member") | null;
                            name: string;
                        };
                    };
                };
            };
        };
        trace?: never;
    };
    "/api/v1/teams/{id}/invitations": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Invitations to a team, newest first (managers) */
        get: {
            parameters: {
                query?: {
                    limit?: number;
                    offset?: number;
                    state?: "open" | "accepted" | "declined" | "revoked";
                };
                header?: never;
                path: {
                    /** @description Team id */
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description RFC 9457 problem document */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: {
                                /** Format: date-time */
                                createdAt: string;
                                decidedAt: string | null;
                                displayName: string;
                                id: number;
                                /** @description The user id of the manager who invited */
                                invitedBy: number;
                                invitedByName: string;
                                message: string;
                                state: "open" | "accepted" | "declined" | "revoked";
                                teamId: number;
                                teamName: string;
                                /** @description The invitee */
                                userId: number;
                                username: string;
                            }[];
                            limit: number;
                            offset: number;
                            /** @description How many items match, on all pages */
                            total: number;
                        };
                    };
                };
            };
        };
        put?: never;
        /** Invite a user to join (managers); the invitee is told */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description Team id */
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        message?: string;
                        userId: number;
                    };
                };
            };
            responses: {
                /** @description RFC 9457 problem document */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** Format: date-time */
                            createdAt: string;
                            decidedAt: string | null;
                            displayName: string;
                            id: number;
                            /** @description The user id of the manager who invited */
                            invitedBy: number;
                            invitedByName: string;
                            message: string;
                            state: "open" | "accepted" | "declined" | "revoked";
                            teamId: number;
                            teamName: string;
                            /** @description The invitee */
                            userId: number;
                            username: string;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/teams/{id}/invitations/{iid}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Revoke an open invitation (managers) */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description Team id */
                    id: string;
                    /** @description Invitation id */
                    iid: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description RFC 9457 problem document */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/teams/{id}/members": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The members of a team, managers first */
        get: {
            parameters: {
                query?: {
                    limit?: number;
                    offset?: number;
                };
                header?: never;
                path: {
                    /** @description Team id */
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description RFC 9457 problem document */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: {
                                /** Format: date-time */
                                addedAt: string;
                                displayName: string;
                                isManager: boolean;
                                userId: number;
                                username: string;
                            }[];
                            limit: number;
                            offset: number;
                            /** @description How many items match, on all pages */
                            total: number;
                        };
                    };
                };
            };
        };
        put?: never;
        /** Add a user to a team (managers); the user is told */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description Team id */
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @default false */
                        manager?: boolean;
                        userId: number;
                    };
                };
            };
            responses: {
                /** @description RFC 9457 problem document */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** Format: date-time */
                            addedAt: string;
                            displayName: string;
                            isManager: boolean;
                            userId: number;
                            username: string;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/teams/{id}/members/{userId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /** Make a member a manager, or an ordinary member again (managers); a team keeps at least one manager */
        put: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description Team id */
                    id: string;
                    userId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        manager: boolean;
                    };
                };
            };
            responses: {
                /** @description RFC 9457 problem document */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** Format: date-time */
                            addedAt: string;
                            displayName: string;
                            isManager: boolean;
                            userId: number;
                            username: string;
                        };
                    };
                };
            };
        };
        post?: never;
        /** Remove a member (managers), or leave the team (my own user id); takes effect on the next request */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description Team id */
                    id: string;
                    userId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description RFC 9457 problem document */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/teams/{id}/membership-requests": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Requests to join a team, newest first (managers) */
        get: {
            parameters: {
                query?: {
                    limit?: number;
                    offset?: number;
                    state?: "open" | "accepted" | "rejected" | "withdrawn";
                };
                header?: never;
                path: {
                    /** @description Team id */
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description RFC 9457 problem document */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: {
                                /** Format: date-time */
                                createdAt: string;
                                decidedAt: string | null;
                                displayName: string;
                                id: number;
                                message: string;
                                state: "open" | "accepted" | "rejected" | "withdrawn";
                                teamId: number;
                                userId: number;
                                username: string;
                            }[];
                            limit: number;
                            offset: number;
                            /** @description How many items match, on all pages */
                            total: number;
                        };
                    };
                };
            };
        };
        put?: never;
        /** Ask to join a team; every manager is told by email and in the app */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description Team id */
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        message?: string;
                    };
                };
            };
            responses: {
                /** @description RFC 9457 problem document */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** Format: date-time */
                            createdAt: string;
                            decidedAt: string | null;
                            displayName: string;
                            id: number;
                            message: string;
                            state: "open" | "accepted" | "rejected" | "withdrawn";
                            teamId: number;
                            userId: number;
                            username: string;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/teams/{id}/membership-requests/{rid}/accept": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Accept a request to join (managers); the requester becomes a member and is told */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description Team id */
                    id: string;
                    /** @description Request id */
                    rid: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description RFC 9457 problem document */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** Format: date-time */
                            createdAt: string;
                            decidedAt: string | null;
                            displayName: string;
                            id: number;
                            message: string;
                            state: "open" | "accepted" | "rejected" | "withdrawn";
                            teamId: number;
                            userId: number;
                            username: string;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/teams/{id}/membership-requests/{rid}/reject": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Reject a request to join (managers); the requester is told */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description Team id */
                    id: string;
                    /** @description Request id */
                    rid: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description RFC 9457 problem document */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** Format: date-time */
                            createdAt: string;
                            decidedAt: string | null;
                            displayName: string;
                            id: number;
                            message: string;
                            state: "open" | "accepted" | "rejected" | "withdrawn";
                            teamId: number;
                            userId: number;
                            username: string;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/teams/{id}/membership-requests/mine": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Withdraw my open request to join */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description Team id */
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description RFC 9457 problem document */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/terms": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The platform terms of use in force, and the version the caller accepted */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description RFC 9457 problem document */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description The version the caller accepted last; null when signed out or never */
                            acceptedVersion: string | null;
                            body: string;
                            /** Format: date-time */
                            publishedAt: string;
                            version: string;
                        };
                    };
                };
            };
        };
        put?: never;
        /** Publish new terms of use (admins); every user must accept them again */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        body: string;
                        version: string;
                    };
                };
            };
            responses: {
                /** @description RFC 9457 problem document */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description The version the caller accepted last; null when signed out or never */
                            acceptedVersion: string | null;
                            body: string;
                            /** Format: date-time */
                            publishedAt: string;
                            version: string;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/terms/accept": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Accept the terms of use in force (makes the caller registered) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description The version read */
                        version: string;
                    };
                };
            };
            responses: {
                /** @description RFC 9457 problem document */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            acceptedTerms: boolean;
                            displayName: string;
                            email: string;
                            id: number;
                            isAct: boolean;
                            isAdmin: boolean;
                            isCertified: boolean;
                            /** @description Director of Governance */
                            isGovernance: boolean;
                            /** @description Security Engineer */
                            isSecurity: boolean;
                            isValidated: boolean;
                            twoFactorEnabled: boolean;
                            username: string;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/tokens": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** My personal access tokens (never the secret) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description RFC 9457 problem document */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: {
                                /** Format: date-time */
                                createdAt: string;
                                /** Format: date-time */
                                expiresAt: string;
                                id: number;
                                lastUsedAt: string | null;
                                name: string;
                                /** @description The first characters of the token, to recognise it */
                                prefix: string;
                                revokedAt: string | null;
                                /** @description The runtime the token was made for: its downloads count as that runtime's egress */
                                runtimeId: number | null;
                                state: "active" | "expired" | "revoked";
                            }[];
                        };
                    };
                };
            };
        };
        put?: never;
        /** Create a personal access token; the secret is in this answer only */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @default 90 */
                        expiresInDays?: number;
                        name: string;
                        /** @description One of my running runtimes, to give the token to */
                        runtimeId?: number;
                    };
                };
            };
            responses: {
                /** @description RFC 9457 problem document */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            details: {
                                /** Format: date-time */
                                createdAt: string;
                                /** Format: date-time */
                                expiresAt: string;
                                id: number;
                                lastUsedAt: string | null;
                                name: string;
                                /** @description The first characters of the token, to recognise it */
                                prefix: string;
                                revokedAt: string | null;
                                /** @description The runtime the token was made for: its downloads count as that runtime's egress */
                                runtimeId: number | null;
                                state: "active" | "expired" | "revoked";
                            };
                            /** @description Shown once; use as "Authorization: Bearer <token>" */
                            token: string;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/tokens/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Revoke one of my tokens; it stops working at once */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description RFC 9457 problem document */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** Format: date-time */
                            createdAt: string;
                            /** Format: date-time */
                            expiresAt: string;
                            id: number;
                            lastUsedAt: string | null;
                            name: string;
                            /** @description The first characters of the token, to recognise it */
                            prefix: string;
                            revokedAt: string | null;
                            /** @description The runtime the token was made for: its downloads count as that runtime's egress */
                            runtimeId: number | null;
                            state: "active" | "expired" | "revoked";
                        };
                    };
                };
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/trash": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Entities in the trash that I may restore, most recently trashed first */
        get: {
            parameters: {
                query?: {
                    limit?: number;
                    offset?: number;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description RFC 9457 problem document */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: {
                                createdBy: number;
                                /** Format: date-time */
                                createdOn: string;
                                /** @description Marked on this entity (SPEC §10) */
                                dataClass: "row-level" | "summary" | null;
                                dataType: "SENSITIVE_DATA" | "OPEN_DATA";
                                description: string;
                                /** @description In force: its own mark or the nearest marked ancestor's; row-level when none */
                                effectiveDataClass: "row-level" | "summary";
                                /** @description Changes on every update; send it back to change the entity */
                                etag: string;
                                file?: {
                                    contentType: string;
                                    fileName: string;
                                    md5: string;
                                    size: number;
                                };
                                /** @description Entity id, e.g. syn123 */
                                id: string;
                                /** @description The entity or a folder above it is in the trash */
                                inTrash: boolean;
                                modifiedBy: number;
                                /** Format: date-time */
                                modifiedOn: string;
                                name: string;
                                parentId: string | null;
                                /** @description Entity id, e.g. syn123 */
                                projectId: string;
                                type: "project" | "folder" | "file";
                                versionNumber: number | null;
                            }[];
                            limit: number;
                            offset: number;
                            /** @description How many items match, on all pages */
                            total: number;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/users": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Find users by the start of their username, of a word of their name, or by email
         * @description Everyone finds users by a whole email address; admins also by its start, and see more about each user.
         */
        get: {
            parameters: {
                query?: {
                    limit?: number;
                    offset?: number;
                    q?: string;
                    /** @description Admins only */
                    status?: "active" | "disabled";
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description RFC 9457 problem document */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: {
                                /** Format: date-time */
                                createdAt?: string;
                                /** @description When the account was disabled; null while active */
                                disabledAt?: string | null;
                                /** @description The admin who disabled the account; null while active or when disabled by the system */
                                disabledBy?: {
                                    id: number;
                                    username: string;
                                } | null;
                                disabledReason?: string | null;
                                displayName: string;
                                email?: string;
                                id: number;
                                isAct?: boolean;
                                isAdmin?: boolean;
                                isCertified: boolean;
                                /** @description Director of Governance */
                                isGovernance?: boolean;
                                /** @description Security Engineer */
                                isSecurity?: boolean;
                                isValidated: boolean;
                                /** @description Set while sign-in is locked after failed attempts */
                                signinLockedUntil?: string | null;
                                status?: "active" | "disabled";
                                twoFactorEnabled?: boolean;
                                username: string;
                            }[];
                            limit: number;
                            offset: number;
                            /** @description How many items match, on all pages */
                            total: number;
                        };
                    };
                };
            };
        };
        put?: never;
        /** Create a user account (admins); the user accepts the terms of use at first sign-in */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        displayName?: string;
                        email: string;
                        password: string;
                        username: string;
                    };
                };
            };
            responses: {
                /** @description RFC 9457 problem document */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description A user; email, status, roles, 2FA, creation, disabled reason and sign-in lockout are shown to admins only */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** Format: date-time */
                            createdAt?: string;
                            /** @description When the account was disabled; null while active */
                            disabledAt?: string | null;
                            /** @description The admin who disabled the account; null while active or when disabled by the system */
                            disabledBy?: {
                                id: number;
                                username: string;
                            } | null;
                            disabledReason?: string | null;
                            displayName: string;
                            email?: string;
                            id: number;
                            isAct?: boolean;
                            isAdmin?: boolean;
                            isCertified: boolean;
                            /** @description Director of Governance */
                            isGovernance?: boolean;
                            /** @description Security Engineer */
                            isSecurity?: boolean;
                            isValidated: boolean;
                            /** @description Set while sign-in is locked after failed attempts */
                            signinLockedUntil?: string | null;
                            status?: "active" | "disabled";
                            twoFactorEnabled?: boolean;
                            username: string;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/users/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One user */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description RFC 9457 problem document */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description A user; email, status, roles, 2FA, creation, disabled reason and sign-in lockout are shown to admins only */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** Format: date-time */
                            createdAt?: string;
                            /** @description When the account was disabled; null while active */
                            disabledAt?: string | null;
                            /** @description The admin who disabled the account; null while active or when disabled by the system */
                            disabledBy?: {
                                id: number;
                                username: string;
                            } | null;
                            disabledReason?: string | null;
                            displayName: string;
                            email?: string;
                            id: number;
                            isAct?: boolean;
                            isAdmin?: boolean;
                            isCertified: boolean;
                            /** @description Director of Governance */
                            isGovernance?: boolean;
                            /** @description Security Engineer */
                            isSecurity?: boolean;
                            isValidated: boolean;
                            /** @description Set while sign-in is locked after failed attempts */
                            signinLockedUntil?: string | null;
                            status?: "active" | "disabled";
                            twoFactorEnabled?: boolean;
                            username: string;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/users/{id}/certification": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Certify a user, or take certification away (ACT); the user is told */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        certified: boolean;
                        /** @description Why; recorded in the user's history */
                        reason: string;
                    };
                };
            };
            responses: {
                /** @description RFC 9457 problem document */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            certified: boolean;
                            /** @description Oldest first */
                            history: {
                                actorId: number | null;
                                actorName: string | null;
                                /** Format: date-time */
                                at: string;
                                change: "granted" | "revoked";
                                /** @description terms-accepted, terms-updated, quiz-passed, act-granted, act-revoked, verification-approved, verification-revoked, 2fa-enrolled, 2fa-removed, 2fa-reset, account-disabled, account-enabled, … */
                                how: string;
                                reason: string | null;
                                /** @description The tiers, and two facts beside them: '2fa' (two-factor authentication on or off) and 'active' (the account enabled or disabled) */
                                tier: "registered" | "certified" | "validated" | "2fa" | "active";
                            }[];
                            /** @description Has accepted the terms of use now in force */
                            registered: boolean;
                            validated: boolean;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/users/{id}/disable": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Disable an account (admins): every later call of the user is refused */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description Why; recorded in the audit log */
                        reason: string;
                    };
                };
            };
            responses: {
                /** @description RFC 9457 problem document */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description A user; email, status, roles, 2FA, creation, disabled reason and sign-in lockout are shown to admins only */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** Format: date-time */
                            createdAt?: string;
                            /** @description When the account was disabled; null while active */
                            disabledAt?: string | null;
                            /** @description The admin who disabled the account; null while active or when disabled by the system */
                            disabledBy?: {
                                id: number;
                                username: string;
                            } | null;
                            disabledReason?: string | null;
                            displayName: string;
                            email?: string;
                            id: number;
                            isAct?: boolean;
                            isAdmin?: boolean;
                            isCertified: boolean;
                            /** @description Director of Governance */
                            isGovernance?: boolean;
                            /** @description Security Engineer */
                            isSecurity?: boolean;
                            isValidated: boolean;
                            /** @description Set while sign-in is locked after failed attempts */
                            signinLockedUntil?: string | null;
                            status?: "active" | "disabled";
                            twoFactorEnabled?: boolean;
                            username: string;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/users/{id}/enable": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Enable a disabled account again (admins); its earlier sessions end and its access tokens stay revoked: the user signs in anew and creates new tokens */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description Why; recorded in the audit log */
                        reason: string;
                    };
                };
            };
            responses: {
                /** @description RFC 9457 problem document */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description A user; email, status, roles, 2FA, creation, disabled reason and sign-in lockout are shown to admins only */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** Format: date-time */
                            createdAt?: string;
                            /** @description When the account was disabled; null while active */
                            disabledAt?: string | null;
                            /** @description The admin who disabled the account; null while active or when disabled by the system */
                            disabledBy?: {
                                id: number;
                                username: string;
                            } | null;
                            disabledReason?: string | null;
                            displayName: string;
                            email?: string;
                            id: number;
                            isAct?: boolean;
                            isAdmin?: boolean;
                            isCertified: boolean;
                            /** @description Director of Governance */
                            isGovernance?: boolean;
                            /** @description Security Engineer */
                            isSecurity?: boolean;
                            isValidated: boolean;
                            /** @description Set while sign-in is locked after failed attempts */
                            signinLockedUntil?: string | null;
                            status?: "active" | "disabled";
                            twoFactorEnabled?: boolean;
                            username: string;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/users/{id}/reset-2fa": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Remove two-factor authentication of a user who lost their device and recovery codes (admins) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description RFC 9457 problem document */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description A user; email, status, roles, 2FA, creation, disabled reason and sign-in lockout are shown to admins only */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** Format: date-time */
                            createdAt?: string;
                            /** @description When the account was disabled; null while active */
                            disabledAt?: string | null;
                            /** @description The admin who disabled the account; null while active or when disabled by the system */
                            disabledBy?: {
                                id: number;
                                username: string;
                            } | null;
                            disabledReason?: string | null;
                            displayName: string;
                            email?: string;
                            id: number;
                            isAct?: boolean;
                            isAdmin?: boolean;
                            isCertified: boolean;
                            /** @description Director of Governance */
                            isGovernance?: boolean;
                            /** @description Security Engineer */
                            isSecurity?: boolean;
                            isValidated: boolean;
                            /** @description Set while sign-in is locked after failed attempts */
                            signinLockedUntil?: string | null;
                            status?: "active" | "disabled";
                            twoFactorEnabled?: boolean;
                            username: string;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/users/{id}/roles": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /**
         * Set whether a user is a platform admin, an ACT member, a Security Engineer and a Director of Governance (admins)
         * @description security and governance may be left out: they then stay as they are.
         */
        put: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        act: boolean;
                        admin: boolean;
                        /** @description Director of Governance */
                        governance?: boolean;
                        /** @description Security Engineer */
                        security?: boolean;
                    };
                };
            };
            responses: {
                /** @description RFC 9457 problem document */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description A user; email, status, roles, 2FA, creation, disabled reason and sign-in lockout are shown to admins only */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** Format: date-time */
                            createdAt?: string;
                            /** @description When the account was disabled; null while active */
                            disabledAt?: string | null;
                            /** @description The admin who disabled the account; null while active or when disabled by the system */
                            disabledBy?: {
                                id: number;
                                username: string;
                            } | null;
                            disabledReason?: string | null;
                            displayName: string;
                            email?: string;
                            id: number;
                            isAct?: boolean;
                            isAdmin?: boolean;
                            isCertified: boolean;
                            /** @description Director of Governance */
                            isGovernance?: boolean;
                            /** @description Security Engineer */
                            isSecurity?: boolean;
                            isValidated: boolean;
                            /** @description Set while sign-in is locked after failed attempts */
                            signinLockedUntil?: string | null;
                            status?: "active" | "disabled";
                            twoFactorEnabled?: boolean;
                            username: string;
                        };
                    };
                };
            };
        };
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/users/{id}/unlock-signin": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Lift the sign-in lockout of an account after failed attempts (admins) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description RFC 9457 problem document */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description False when the account was not locked */
                            unlocked: boolean;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/verifications": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Identity verification requests, newest first, or oldest first with order=oldest (the waiting ones as a queue) (ACT) */
        get: {
            parameters: {
                query?: {
                    limit?: number;
                    offset?: number;
                    /** @description newest first (the default), or oldest first */
                    order?: "newest" | "oldest";
                    state?: "submitted" | "approved" | "rejected" | "revoked" | "withdrawn";
                    userId?: number;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description RFC 9457 problem document */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: {
                                attachments: {
                                    blobId: number;
                                    contentType: string;
                                    fileName: string;
                                    size: number;
                                }[];
                                /** Format: date-time */
                                createdAt: string;
                                decidedAt: string | null;
                                /** @description The ACT member who decided last */
                                decidedBy: number | null;
                                decidedByName: string | null;
                                firstName: string;
                                id: number;
                                institution: string;
                                lastName: string;
                                location: string;
                                note: string;
                                orcid: string | null;
                                reason: string | null;
                                state: "submitted" | "approved" | "rejected" | "revoked" | "withdrawn";
                                userId: number;
                                username: string;
                            }[];
                            limit: number;
                            offset: number;
                            /** @description How many items match, on all pages */
                            total: number;
                        };
                    };
                };
            };
        };
        put?: never;
        /** Ask ACT to verify my identity (multipart/form-data: firstName, lastName, institution, location, orcid?, note?, and one or more files) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description RFC 9457 problem document */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            attachments: {
                                blobId: number;
                                contentType: string;
                                fileName: string;
                                size: number;
                            }[];
                            /** Format: date-time */
                            createdAt: string;
                            decidedAt: string | null;
                            /** @description The ACT member who decided last */
                            decidedBy: number | null;
                            decidedByName: string | null;
                            firstName: string;
                            id: number;
                            institution: string;
                            lastName: string;
                            location: string;
                            note: string;
                            orcid: string | null;
                            reason: string | null;
                            state: "submitted" | "approved" | "rejected" | "revoked" | "withdrawn";
                            userId: number;
                            username: string;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/verifications/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One identity verification request (its owner or ACT) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description RFC 9457 problem document */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            attachments: {
                                blobId: number;
                                contentType: string;
                                fileName: string;
                                size: number;
                            }[];
                            /** Format: date-time */
                            createdAt: string;
                            decidedAt: string | null;
                            /** @description The ACT member who decided last */
                            decidedBy: number | null;
                            decidedByName: string | null;
                            firstName: string;
                            id: number;
                            institution: string;
                            lastName: string;
                            location: string;
                            note: string;
                            orcid: string | null;
                            reason: string | null;
                            state: "submitted" | "approved" | "rejected" | "revoked" | "withdrawn";
                            userId: number;
                            username: string;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/verifications/{id}/attachments/{blobId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Download a document attached to a verification request (its owner or ACT) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    blobId: string;
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description RFC 9457 problem document */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/verifications/{id}/decision": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Approve or reject a submitted verification (ACT); a rejection needs a reason; the user is told */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        decision: "approve" | "reject";
                        reason?: string;
                    };
                };
            };
            responses: {
                /** @description RFC 9457 problem document */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            attachments: {
                                blobId: number;
                                contentType: string;
                                fileName: string;
                                size: number;
                            }[];
                            /** Format: date-time */
                            createdAt: string;
                            decidedAt: string | null;
                            /** @description The ACT member who decided last */
                            decidedBy: number | null;
                            decidedByName: string | null;
                            firstName: string;
                            id: number;
                            institution: string;
                            lastName: string;
                            location: string;
                            note: string;
                            orcid: string | null;
                            reason: string | null;
                            state: "submitted" | "approved" | "rejected" | "revoked" | "withdrawn";
                            userId: number;
                            username: string;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/verifications/{id}/revoke": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Revoke an approved verification (ACT): the user is no longer validated, and is told why */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        reason: string;
                    };
                };
            };
            responses: {
                /** @description RFC 9457 problem document */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            attachments: {
                                blobId: number;
                                contentType: string;
                                fileName: string;
                                size: number;
                            }[];
                            /** Format: date-time */
                            createdAt: string;
                            decidedAt: string | null;
                            /** @description The ACT member who decided last */
                            decidedBy: number | null;
                            decidedByName: string | null;
                            firstName: string;
                            id: number;
                            institution: string;
                            lastName: string;
                            location: string;
                            note: string;
                            orcid: string | null;
                            reason: string | null;
                            state: "submitted" | "approved" | "rejected" | "revoked" | "withdrawn";
                            userId: number;
                            username: string;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/verifications/{id}/withdraw": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Withdraw my verification request while it is under review */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description RFC 9457 problem document */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            attachments: {
                                blobId: number;
                                contentType: string;
                                fileName: string;
                                size: number;
                            }[];
                            /** Format: date-time */
                            createdAt: string;
                            decidedAt: string | null;
                            /** @description The ACT member who decided last */
                            decidedBy: number | null;
                            decidedByName: string | null;
                            firstName: string;
                            id: number;
                            institution: string;
                            lastName: string;
                            location: string;
                            note: string;
                            orcid: string | null;
                            reason: string | null;
                            state: "submitted" | "approved" | "rejected" | "revoked" | "withdrawn";
                            userId: number;
                            username: string;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/verifications/mine": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** My identity verification requests, newest first */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description RFC 9457 problem document */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: {
                                attachments: {
                                    blobId: number;
                                    contentType: string;
                                    fileName: string;
                                    size: number;
                                }[];
                                /** Format: date-time */
                                createdAt: string;
                                decidedAt: string | null;
                                /** @description The ACT member who decided last */
                                decidedBy: number | null;
                                decidedByName: string | null;
                                firstName: string;
                                id: number;
                                institution: string;
                                lastName: string;
                                location: string;
                                note: string;
                                orcid: string | null;
                                reason: string | null;
                                state: "submitted" | "approved" | "rejected" | "revoked" | "withdrawn";
                                userId: number;
                                username: string;
                            }[];
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/webhooks": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Webhook subscriptions */
        get: {
            parameters: {
                query?: {
                    limit?: number;
                    offset?: number;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description RFC 9457 problem document */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: {
                                /** Format: date-time */
                                createdAt: string;
                                deliveries: {
                                    delivered: number;
                                    failed: number;
                                    pending: number;
                                };
                                description: string;
                                /** @description A disabled subscription gets no new events; its pending deliveries wait until it is enabled again */
                                enabled: boolean;
                                eventTypes: string[];
                                id: number;
                                /** Format: date-time */
                                modifiedAt: string;
                                /** @description The secrets that sign now (two while a rotation’s grace period runs) */
                                secrets: {
                                    /** Format: date-time */
                                    createdAt: string;
                                    /** @description The first characters of the secret */
                                    hint: string;
                                    id: number;
                                    retiredAt: string | null;
                                }[];
                                url: string;
                            }[];
                            limit: number;
                            offset: number;
                            /** @description How many items match, on all pages */
                            total: number;
                        };
                    };
                };
            };
        };
        put?: never;
        /** Subscribe a URL to events; the secret that signs them is in the answer, once */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        description?: string;
                        enabled?: boolean;
                        eventTypes: string[];
                        /** @description Your own secret (at least 24 characters); Gatehouse makes one when left out */
                        secret?: string;
                        url: string;
                    };
                };
            };
            responses: {
                /** @description RFC 9457 problem document */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Shown once: Gatehouse keeps it encrypted and never shows it again */
                            secret: string;
                            subscription: {
                                /** Format: date-time */
                                createdAt: string;
                                deliveries: {
                                    delivered: number;
                                    failed: number;
                                    pending: number;
                                };
                                description: string;
                                /** @description A disabled subscription gets no new events; its pending deliveries wait until it is enabled again */
                                enabled: boolean;
                                eventTypes: string[];
                                id: number;
                                /** Format: date-time */
                                modifiedAt: string;
                                /** @description The secrets that sign now (two while a rotation’s grace period runs) */
                                secrets: {
                                    /** Format: date-time */
                                    createdAt: string;
                                    /** @description The first characters of the secret */
                                    hint: string;
                                    id: number;
                                    retiredAt: string | null;
                                }[];
                                url: string;
                            };
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/webhooks/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One webhook subscription */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description Webhook subscription id */
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description RFC 9457 problem document */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** Format: date-time */
                            createdAt: string;
                            deliveries: {
                                delivered: number;
                                failed: number;
                                pending: number;
                            };
                            description: string;
                            /** @description A disabled subscription gets no new events; its pending deliveries wait until it is enabled again */
                            enabled: boolean;
                            eventTypes: string[];
                            id: number;
                            /** Format: date-time */
                            modifiedAt: string;
                            /** @description The secrets that sign now (two while a rotation’s grace period runs) */
                            secrets: {
                                /** Format: date-time */
                                createdAt: string;
                                /** @description The first characters of the secret */
                                hint: string;
                                id: number;
                                retiredAt: string | null;
                            }[];
                            url: string;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /** Change a subscription: its URL, event types, description, or enable/disable it */
        patch: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description Webhook subscription id */
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        description?: string;
                        enabled?: boolean;
                        eventTypes?: string[];
                        url?: string;
                    };
                };
            };
            responses: {
                /** @description RFC 9457 problem document */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** Format: date-time */
                            createdAt: string;
                            deliveries: {
                                delivered: number;
                                failed: number;
                                pending: number;
                            };
                            description: string;
                            /** @description A disabled subscription gets no new events; its pending deliveries wait until it is enabled again */
                            enabled: boolean;
                            eventTypes: string[];
                            id: number;
                            /** Format: date-time */
                            modifiedAt: string;
                            /** @description The secrets that sign now (two while a rotation’s grace period runs) */
                            secrets: {
                                /** Format: date-time */
                                createdAt: string;
                                /** @description The first characters of the secret */
                                hint: string;
                                id: number;
                                retiredAt: string | null;
                            }[];
                            url: string;
                        };
                    };
                };
            };
        };
        trace?: never;
    };
    "/api/v1/webhooks/{id}/deliveries": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A subscription’s deliveries, newest first */
        get: {
            parameters: {
                query?: {
                    limit?: number;
                    offset?: number;
                    status?: "pending" | "delivered" | "failed";
                };
                header?: never;
                path: {
                    /** @description Webhook subscription id */
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description RFC 9457 problem document */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: {
                                attempts: number;
                                deliveredAt: string | null;
                                /** @description The Gatehouse-Webhook-Id header: the same on every attempt */
                                eventId: string;
                                eventType: string;
                                failedAt: string | null;
                                id: number;
                                lastAttemptAt: string | null;
                                lastError: string | null;
                                lastLatencyMs: number | null;
                                lastStatus: number | null;
                                nextAttemptAt: string | null;
                                /** Format: date-time */
                                occurredAt: string;
                                status: "pending" | "delivered" | "failed";
                            }[];
                            limit: number;
                            offset: number;
                            /** @description How many items match, on all pages */
                            total: number;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/webhooks/{id}/deliveries/{deliveryId}/redeliver": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Send a failed (or delivered) delivery again, with the same webhook id and a fresh retry window */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    deliveryId: string;
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description RFC 9457 problem document */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                202: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            deliveryId: number;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/webhooks/{id}/secret": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Rotate the secret: the new one is in the answer, once; the previous one also signs for the grace period */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description Webhook subscription id */
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description How long the previous secret still signs; WEBHOOK_ROTATION_GRACE_HOURS by default */
                        graceHours?: number;
                        /** @description Your own secret (at least 24 characters); Gatehouse makes one when left out */
                        secret?: string;
                    };
                };
            };
            responses: {
                /** @description RFC 9457 problem document */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Shown once: Gatehouse keeps it encrypted and never shows it again */
                            secret: string;
                            subscription: {
                                /** Format: date-time */
                                createdAt: string;
                                deliveries: {
                                    delivered: number;
                                    failed: number;
                                    pending: number;
                                };
                                description: string;
                                /** @description A disabled subscription gets no new events; its pending deliveries wait until it is enabled again */
                                enabled: boolean;
                                eventTypes: string[];
                                id: number;
                                /** Format: date-time */
                                modifiedAt: string;
                                /** @description The secrets that sign now (two while a rotation’s grace period runs) */
                                secrets: {
                                    /** Format: date-time */
                                    createdAt: string;
                                    /** @description The first characters of the secret */
                                    hint: string;
                                    id: number;
                                    retiredAt: string | null;
                                }[];
                                url: string;
                            };
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/webhooks/{id}/test": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Queue a webhook.test event to this subscription (sent within a second or so) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description Webhook subscription id */
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description RFC 9457 problem document */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                202: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            deliveryId: number;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/webhooks/event-types": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The event types a subscription may ask for */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description RFC 9457 problem document */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: ("approval.granted" | "approval.revoked" | "approval.expired" | "team.membership_changed" | "group.membership_changed" | "authorization_domain.changed" | "account.disabled" | "account.enabled" | "acl.changed" | "request.state_changed")[];
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/ga4gh/drs/v1/objects": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Many DRS objects at once (at most 100; 413 beyond): each resolved as GET would, the others listed by status */
        post: {
            parameters: {
                query?: {
                    expand?: boolean;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        bulk_object_ids: string[];
                        /** @description GA4GH Passports (JWT); not accepted yet: send a bearer token */
                        passports?: string[];
                    };
                };
            };
            responses: {
                /** @description A DRS Error, also an RFC 9457 problem document */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            resolved_drs_object: components["schemas"]["DrsObject"][];
                            /** @description A summary of what was resolved */
                            summary: {
                                requested: number;
                                resolved: number;
                                unresolved: number;
                            };
                            /** @description The ids not resolved, by the status a single request would have had */
                            unresolved_drs_objects: {
                                error_code: number;
                                object_ids: string[];
                            }[];
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/ga4gh/drs/v1/objects/{object_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A DRS object (READ): a file's version with its checksums and access method, or a folder as a bundle of what I can READ below it */
        get: {
            parameters: {
                query?: {
                    /** @description Bundles: nested bundles' contents too */
                    expand?: boolean;
                };
                header?: never;
                path: {
                    /** @description syn123.2, syn123 (the current version) or syn456 (a folder) */
                    object_id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description A DRS Error, also an RFC 9457 problem document */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["DrsObject"];
                    };
                };
            };
        };
        put?: never;
        /** A DRS object, as GET, for clients that send credentials in the body (bearer token for now) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description syn123.2, syn123 (the current version) or syn456 (a folder) */
                    object_id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @default false */
                        expand?: boolean;
                        /** @description GA4GH Passports (JWT); not accepted yet: send a bearer token */
                        passports?: string[];
                    };
                };
            };
            responses: {
                /** @description A DRS Error, also an RFC 9457 problem document */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["DrsObject"];
                    };
                };
            };
        };
        delete?: never;
        /** How to authorize requests for a DRS object (READ on it, else 404) */
        options: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description syn123.2, syn123 (the current version) or syn456 (a folder) */
                    object_id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description A DRS Error, also an RFC 9457 problem document */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Authorizations"];
                    };
                };
            };
        };
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/ga4gh/drs/v1/objects/{object_id}/access/{access_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A short-lived signed URL for the bytes of a file version (DOWNLOAD); a denial names the rule and its message */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description https */
                    access_id: string;
                    /** @description syn123.2, syn123 (the current version) or syn456 (a folder) */
                    object_id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description A DRS Error, also an RFC 9457 problem document */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["AccessURL"];
                    };
                };
            };
        };
        put?: never;
        /** A signed URL for the bytes, as GET, for clients that send credentials in the body (bearer token for now) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description https */
                    access_id: string;
                    /** @description syn123.2, syn123 (the current version) or syn456 (a folder) */
                    object_id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description GA4GH Passports (JWT); not accepted yet: send a bearer token */
                        passports?: string[];
                    };
                };
            };
            responses: {
                /** @description A DRS Error, also an RFC 9457 problem document */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["AccessURL"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/ga4gh/drs/v1/objects/access": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Signed URLs for many (object, access id) pairs at once (at most 100; 413 beyond), each decided as GET …/access would */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        bulk_object_access_ids: {
                            bulk_access_ids: string[];
                            bulk_object_id: string;
                        }[];
                        /** @description GA4GH Passports (JWT); not accepted yet: send a bearer token */
                        passports?: string[];
                    };
                };
            };
            responses: {
                /** @description A DRS Error, also an RFC 9457 problem document */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            resolved_drs_object_access_urls: components["schemas"]["BulkAccessURL"][];
                            /** @description A summary of what was resolved */
                            summary: {
                                requested: number;
                                resolved: number;
                                unresolved: number;
                            };
                            /** @description The ids not resolved, by the status a single request would have had */
                            unresolved_drs_objects: {
                                error_code: number;
                                object_ids: string[];
                            }[];
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/ga4gh/drs/v1/service-info": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** GA4GH service-info of the DRS service */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description A DRS Error, also an RFC 9457 problem document */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description GA4GH service-info 1.0 with the DRS fields */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Service"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/ga4gh/passport/v1/passports": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** My GA4GH passport, minted now: a visa per current approval (ControlledAccessGrants), accepted terms (AcceptedTermsAndPolicies), validated identity (ResearcherStatus) and linked accounts (LinkedIdentities); each visa lives VISA_LIFETIME_SECONDS at most. Session or personal access token. */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description RFC 9457 problem document */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /**
                             * Format: date-time
                             * @description The passport's exp; each visa may end sooner
                             */
                            expiresAt: string;
                            /** @description The visas as JWS compact strings: the shape of a GA4GH Broker's UserInfo response */
                            ga4gh_passport_v1: string[];
                            /** @description PUBLIC_URL: the issuer of every visa and of the passport */
                            iss: string;
                            /** Format: date-time */
                            issuedAt: string;
                            /** @description The signed Passport JWT (typ vnd.ga4gh.passport+jwt) carrying the same visas */
                            passport: string;
                            /** @description The Gatehouse user id */
                            sub: string;
                            /** @description The same visas decoded, for people */
                            visas: {
                                accessRequirementId: number | null;
                                /**
                                 * Format: date-time
                                 * @description The visa's exp
                                 */
                                expiresAt: string;
                                /** @description The ga4gh_visa_v1 claim of the visa (GA4GH Passport v1.2) */
                                ga4gh_visa_v1: {
                                    /** @description Seconds since the epoch: when the assertion was made */
                                    asserted: number;
                                    by: "self" | "peer" | "system" | "so" | "dac";
                                    source: string;
                                    type: "ControlledAccessGrants" | "AcceptedTermsAndPolicies" | "ResearcherStatus" | "LinkedIdentities";
                                    value: string;
                                };
                                /** @description The signed visa (Visa Document Token: header jku and kid) */
                                jwt: string;
                                /** @description What the value stands for, in words: the access requirement's name, the terms, … */
                                label: string;
                            }[];
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/health": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Liveness */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description RFC 9457 problem document */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            status: string;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/ready": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Readiness: the database answers and is migrated */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description RFC 9457 problem document */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            database: string;
                            status: string;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export type webhooks = Record<string, never>;
export interface components {
    schemas: {
        AccessMethod: {
            /** @description Pass to GET /objects/{object_id}/access/{access_id} to get an AccessURL */
            access_id?: string;
            access_url?: components["schemas"]["AccessURL"];
            region?: string;
            /**
             * @description Type of the access method
             * @enum {string}
             */
            type: "https";
        };
        AccessURL: {
            /** @description Headers to send with the request to url (none are needed) */
            headers?: string[];
            /** @description Fetches the bytes, without any other credential, until it expires (DRS_ACCESS_URL_TTL_SECONDS, 5 minutes by default) */
            url: string;
        };
        Authorizations: {
            bearer_auth_issuers?: string[];
            drs_object_id: string;
            passport_auth_issuers?: string[];
            supported_types: ("None" | "BasicAuth" | "BearerAuth" | "PassportAuth")[];
        };
        BulkAccessURL: {
            drs_access_id: string;
            drs_object_id: string;
            headers?: string[];
            url: string;
        };
        Checksum: {
            /** @description The hex-string encoded checksum for the data */
            checksum: string;
            /** @description The digest method: md5, or sha-256 (IANA Named Information Hash Algorithm name) */
            type: string;
        };
        ContentsObject: {
            /** @description The contents of a nested bundle, with expand=true */
            contents?: components["schemas"]["ContentsObject"][];
            /** @description drs:// URIs of the object */
            drs_uri?: string[];
            /** @description The DRS id of the object: syn123.2 for a file's version, syn456 for a folder */
            id?: string;
            /** @description The entity's name, unique within the containing bundle */
            name: string;
        };
        DrsObject: {
            /** @description For blobs; bundles have none */
            access_methods?: components["schemas"]["AccessMethod"][];
            /** @description The file's entity id, which names its current version */
            aliases?: string[];
            checksums: components["schemas"]["Checksum"][];
            /** @description For bundles: what I can READ below the folder */
            contents?: components["schemas"]["ContentsObject"][];
            /** Format: date-time */
            created_time: string;
            description?: string;
            /** @description syn123.2 for version 2 of file syn123; syn456 for a folder or project (a bundle) */
            id: string;
            mime_type?: string;
            name?: string;
            /** @description drs://<host of PUBLIC_URL>/<id> */
            self_uri: string;
            /** @description Bytes of the blob; for a bundle, of the files in its contents */
            size: number;
            /** Format: date-time */
            updated_time?: string;
            /** @description The file's version number */
            version?: string;
        };
        /** @description A DRS Error, also an RFC 9457 problem document */
        Error: {
            /** @description For a denied download: what would lift the denial */
            actionsRequired?: {
                accessRequirementId?: number;
                benefactorId?: string;
                exemptionEligibleTeamIds?: number[];
                groups?: number[];
                type: string;
            }[];
            /** @description Stable machine-readable error code */
            code: string;
            detail: string;
            /** @description A detailed error message */
            msg: string;
            /** @description For a denial: the rule of the decision chain that decided (SPEC §5) */
            rule?: string;
            status: number;
            /** @description The HTTP status code */
            status_code: number;
            title: string;
            type: string;
        } & {
            [key: string]: unknown;
        };
        /** @description RFC 9457 problem document */
        Problem: {
            /** @description Stable machine-readable error code */
            code: string;
            detail: string;
            instance?: string;
            status: number;
            title: string;
            type: string;
        } & {
            [key: string]: unknown;
        };
        /** @description GA4GH service-info 1.0 with the DRS fields */
        Service: {
            description: string;
            documentationUrl: string;
            /** @description Reverse domain name of the service */
            id: string;
            /** @description Most objects (or object and access id pairs) one bulk request may name */
            maxBulkRequestLength: number;
            name: string;
            organization: {
                name: string;
                url: string;
            };
            type: {
                /** @enum {string} */
                artifact: "drs";
                /** @enum {string} */
                group: "org.ga4gh";
                version: string;
            };
            /** @description Gatehouse's version */
            version: string;
        };
    };
    responses: never;
    parameters: never;
    requestBodies: never;
    headers: never;
    pathItems: never;
}
export type $defs = Record<string, never>;
export type operations = Record<string, never>;
