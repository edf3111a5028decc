-- k3_name_key(name): a person's name as a meeting report is matched on (DESIGN §10.2). Lower case; digits (a NIK
-- typed into a display name, "3578…_Budi") and punctuation gone; dots dropped first so that degrees written
-- with them become one word (S.T. → st, M.Sc. → msc, Ph.D. → phd); then academic and religious titles before
-- or after the name removed. "Ir. Budi Santoso, S.T., M.Sc." and "budi santoso" give the same key. NULL when
-- nothing is left. IMMUTABLE, so it may be indexed and is computed once per value in a query.
CREATE OR REPLACE FUNCTION k3_name_key(name text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT AS $$
    SELECT nullif(array_to_string(array(
        SELECT w
        FROM unnest(regexp_split_to_array(
                 btrim(regexp_replace(lower(replace(name, '.', '')), '[^a-z]+', ' ', 'g')), ' ')) WITH ORDINALITY AS t(w, i)
        WHERE w <> ''
          AND w <> ALL (ARRAY[
              -- before the name
              'prof', 'dr', 'drs', 'dra', 'ir', 'h', 'hj', 'kh', 'drg', 'apt', 'ns', 'bpk', 'pak', 'ibu', 'bu', 'sdr', 'sdri',
              -- after the name: Indonesian and foreign degrees
              'st', 'msc', 'mt', 'mm', 'se', 'sh', 'ssi', 'spd', 'skm', 'ssos', 'spsi', 'sked', 'skom', 'sp', 'stp', 'sip',
              'sarch', 'sfarm', 'skep', 'sag', 'sik', 'ak', 'amd', 'amk', 'meng', 'mkes', 'msi', 'mak', 'mba', 'mkom',
              'mpd', 'mh', 'mars', 'mtr', 'mtp', 'msn', 'me', 'mba', 'phd', 'bsc', 'beng', 'ba', 'ma', 'mpa', 'mph',
              'cpa', 'ca',
              -- what Teams and Zoom add to a guest's name
              'guest', 'tamu', 'unverified', 'external', 'eksternal'])
        ORDER BY i), ' '), '');
$$;
