/**
 * Fills the database with `count` customer-survey answers for the reports bench, in set-based SQL:
 * one INSERT … SELECT FROM generate_series (one transaction, as the authority). Services and
 * locations are the authority's own; channel, language and the five scores are random, months over
 * the last two years, one answer in five with a free text. Run as the database owner.
 */
import type pg from 'pg';

export async function seedSurveyAnswers(owner: pg.Pool, authorityId: string, count: number): Promise<number> {
  const client = await owner.connect();
  try {
    await client.query('BEGIN');
    await client.query(`SELECT set_config('app.authority_id', $1, true)`, [authorityId]);
    const { rowCount } = await client.query(
      `WITH s AS (SELECT array_agg(id ORDER BY id) AS ids FROM services WHERE authority_id = $1),
            l AS (SELECT array_agg(id ORDER BY id) AS ids FROM locations WHERE authority_id = $1),
            g AS (SELECT i, (ARRAY['appointment', 'walk_in', 'online'])[1 + floor(random() * 3)::int] AS channel FROM generate_series(1, $2::int) AS i)
       INSERT INTO survey_answers (authority_id, service_id, location_id, channel, locale, month, scores, comment)
       SELECT $1, s.ids[1 + floor(random() * cardinality(s.ids))::int],
              CASE WHEN g.channel = 'online' THEN NULL ELSE l.ids[1 + floor(random() * cardinality(l.ids))::int] END,
              g.channel,
              (ARRAY['de', 'de', 'de', 'en', 'tr', 'uk', 'ar', 'ru', 'fa'])[1 + floor(random() * 9)::int]::locale_code,
              date_trunc('month', now() - random() * interval '730 days')::date,
              jsonb_build_object('overall', 1 + floor(random() * 5)::int, 'clarity', 1 + floor(random() * 5)::int,
                                 'advice', 1 + floor(random() * 5)::int, 'waiting', 1 + floor(random() * 5)::int,
                                 'friendliness', 1 + floor(random() * 5)::int),
              CASE WHEN g.i % 5 = 0 THEN 'Bench comment ' || g.i ELSE '' END
         FROM g, s, l`,
      [authorityId, count],
    );
    await client.query('COMMIT');
    await client.query('ANALYZE survey_answers');
    return rowCount ?? 0;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}
