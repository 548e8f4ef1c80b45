-- Ketentafel schema 3: a party's segment, a grouping beside its chain role (for example a
-- Pol.is opinion group), used for the splits of the analysis.
ALTER TABLE parties ADD COLUMN segment TEXT NOT NULL DEFAULT '';
