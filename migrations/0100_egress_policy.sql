-- Egress policy (SPEC §10; src/egress/policy.ts, src/egress/policystore.ts): stored in the database, versioned.
-- Each save is a new row; the policy in force is the row with the highest version. Rows are never updated or
-- deleted, so the table is the policy's history (who changed it and when); the audit log holds each change with
-- its old and new values.
CREATE TABLE egress_policy_versions (
  version integer PRIMARY KEY CHECK (version >= 1),
  -- The whole policy, as validatePolicy accepts it (EgressPolicySchema).
  policy jsonb NOT NULL,
  created_at timestamptz NOT NULL,
  -- Who saved it; null for version 1, the defaults.
  created_by bigint REFERENCES users (id)
);

-- Version 1: DEFAULT_POLICY of src/egress/policy.ts (All of Us's test thresholds and escalation, the security team's
-- questions). test/api/egress-policy-store.test.ts checks that the two are the same. A setting added to the policy
-- later needs a migration that adds it to the stored versions.
INSERT INTO egress_policy_versions (version, policy, created_at, created_by) VALUES (1, '
{
  "thresholds": {
    "monitor": [
      {
        "windowSeconds": 300,
        "bytes": 104857600
      },
      {
        "windowSeconds": 600,
        "bytes": 104857600
      },
      {
        "windowSeconds": 3600,
        "bytes": 104857600
      }
    ],
    "download": [
      {
        "windowSeconds": 300,
        "bytes": 104857600
      },
      {
        "windowSeconds": 600,
        "bytes": 104857600
      },
      {
        "windowSeconds": 3600,
        "bytes": 104857600
      }
    ]
  },
  "highVolumeBytes": 107374182400,
  "incidentMergeMinutes": 90,
  "lookBackDays": 365,
  "rules": [
    {
      "fromCount": 1,
      "action": "suspend",
      "suspendMinutes": 10
    },
    {
      "fromCount": 3,
      "action": "disable"
    }
  ],
  "summaryDownloadMaxBytes": 10485760,
  "defaultBypassDays": 2,
  "questions": [
    "Can you please confirm you were active in your account at {time}, and also share the details of your activity?",
    "Can you please share the SQL query or other method you used, so that we can validate it against our logs?",
    "Finally, can you please confirm that no data were downloaded to your local device during this activity?"
  ]
}
', now(), NULL);
