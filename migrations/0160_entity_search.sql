-- Search over projects, folders and files (src/entities/search.ts). The expression below must stay identical to
-- SEARCH_VECTOR in that file, or the planner will not use the index. Words are split on anything that is not a
-- letter or a digit, so that "tumour_samples.csv" is found by "tumour", "samples" and "csv"; the 'simple'
-- configuration keeps every word (no stemming, no stop words) so that prefix queries ("tum:*") work.
CREATE INDEX entities_search ON entities
  USING gin (to_tsvector('simple', regexp_replace(name || ' ' || description, '[^[:alnum:]]+', ' ', 'g')));

-- Exact MD5 lookups ("which file is this?").
CREATE INDEX blobs_md5 ON blobs (md5);

-- Names that begin with the query ("RNA-seq ru…"), matched with LIKE 'prefix%'.
CREATE INDEX entities_lower_name_prefix ON entities (lower(name) text_pattern_ops);
