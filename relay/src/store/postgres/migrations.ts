/**
 * Versioned schema of the PostgreSQL store: the same tables and columns as the embedded store's
 * (sqlite/migrations.ts), times as BIGINT epoch milliseconds. Each entry runs once, in order, recorded in
 * schema_migrations; a new version is appended here AND in the SQLite list, never edited in place.
 */
import { scopeExistingIdempotencyKeys } from '../idempotencyKey.ts';
export const postgresMigrations: { version: number; name: string; sql: string }[] = [
  {
    version: 1,
    name: 'initial',
    sql: `
      CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL);
      CREATE TABLE webhooks (
        seq BIGSERIAL PRIMARY KEY,
        id TEXT NOT NULL UNIQUE,
        name TEXT NOT NULL,
        url TEXT NOT NULL,
        event TEXT NOT NULL,
        integration TEXT NOT NULL,
        active BOOLEAN NOT NULL,
        disabled_reason TEXT,
        secret TEXT NOT NULL,
        previous_secret TEXT,
        previous_secret_expires_at BIGINT,
        deliveries_succeeded BIGINT NOT NULL DEFAULT 0,
        deliveries_failed BIGINT NOT NULL DEFAULT 0,
        last_success_at BIGINT,
        last_failure_at BIGINT,
        failing_since BIGINT,
        created_at BIGINT NOT NULL,
        updated_at BIGINT NOT NULL
      );
      CREATE INDEX webhooks_by_event ON webhooks (event, active);
      CREATE TABLE events (
        seq BIGSERIAL PRIMARY KEY,
        id TEXT NOT NULL UNIQUE,
        event TEXT NOT NULL,
        body TEXT NOT NULL,
        is_test BOOLEAN NOT NULL,
        source TEXT NOT NULL,
        idempotency_key TEXT UNIQUE,
        received_at BIGINT NOT NULL
      );
      CREATE INDEX events_by_type ON events (event, seq);
      CREATE TABLE event_types_seen (
        slug TEXT PRIMARY KEY,
        first_seen_at BIGINT NOT NULL,
        last_seen_at BIGINT NOT NULL,
        count BIGINT NOT NULL
      );
      CREATE TABLE deliveries (
        seq BIGSERIAL PRIMARY KEY,
        id TEXT NOT NULL UNIQUE,
        event_id TEXT NOT NULL,
        webhook_id TEXT NOT NULL,
        event TEXT NOT NULL,
        status TEXT NOT NULL,
        attempts INTEGER NOT NULL DEFAULT 0,
        next_attempt_at BIGINT,
        next_trigger TEXT NOT NULL DEFAULT 'scheduled',
        lease_owner TEXT,
        lease_expires_at BIGINT,
        last_status_code INTEGER,
        last_error TEXT,
        created_at BIGINT NOT NULL,
        updated_at BIGINT NOT NULL
      );
      CREATE INDEX deliveries_due ON deliveries (next_attempt_at) WHERE status = 'pending';
      -- PostgreSQL only: leased deliveries (those in flight) for nextDueAt, without scanning the backlog.
      CREATE INDEX deliveries_leased ON deliveries (lease_expires_at) WHERE status = 'pending' AND lease_expires_at IS NOT NULL;
      CREATE INDEX deliveries_by_webhook ON deliveries (webhook_id, seq);
      CREATE INDEX deliveries_by_event ON deliveries (event_id);
      CREATE TABLE attempts (
        seq BIGSERIAL PRIMARY KEY,
        id TEXT NOT NULL UNIQUE,
        delivery_id TEXT NOT NULL,
        webhook_id TEXT NOT NULL,
        event_id TEXT NOT NULL,
        attempt_number INTEGER NOT NULL,
        trigger TEXT NOT NULL,
        started_at BIGINT NOT NULL,
        duration_ms BIGINT NOT NULL,
        ok BOOLEAN NOT NULL,
        status_code INTEGER,
        error TEXT,
        response_excerpt TEXT
      );
      CREATE INDEX attempts_by_delivery ON attempts (delivery_id, seq);
      CREATE INDEX attempts_by_webhook ON attempts (webhook_id, seq);
      CREATE INDEX attempts_by_event ON attempts (event_id, seq);
    `,
  },
  {
    version: 2,
    name: 'request inspector',
    sql: `
      CREATE TABLE inspector_bins (
        seq BIGSERIAL PRIMARY KEY,
        id TEXT NOT NULL UNIQUE,
        name TEXT NOT NULL,
        created_at BIGINT NOT NULL
      );
      CREATE TABLE inspected_requests (
        seq BIGSERIAL PRIMARY KEY,
        id TEXT NOT NULL UNIQUE,
        bin_id TEXT NOT NULL,
        method TEXT NOT NULL,
        path TEXT NOT NULL,
        headers TEXT NOT NULL,
        body TEXT NOT NULL,
        received_at BIGINT NOT NULL
      );
      CREATE INDEX inspected_requests_by_bin ON inspected_requests (bin_id, seq);
    `,
  },
  {
    version: 3,
    name: 'idempotency keys scoped to the event type',
    sql: scopeExistingIdempotencyKeys,
  },
  {
    version: 4,
    name: 'network connection',
    sql: `
      CREATE TABLE network_connection (
        id TEXT PRIMARY KEY,
        network_url TEXT NOT NULL,
        api_key TEXT NOT NULL,
        api_secret TEXT NOT NULL,
        label TEXT NOT NULL,
        integration TEXT NOT NULL,
        relay_url TEXT NOT NULL,
        registered_events TEXT NOT NULL,
        wired_webhooks TEXT NOT NULL,
        connected_at BIGINT NOT NULL,
        checked_at BIGINT NOT NULL
      );
    `,
  },
  {
    version: 5,
    name: 'pending deliveries by webhook',
    // The claim's way around a busy webhook's backlog: each webhook's earliest pending delivery in one probe.
    sql: `CREATE INDEX deliveries_pending_by_webhook ON deliveries (webhook_id, next_attempt_at) WHERE status = 'pending';`,
  },
  {
    version: 6,
    name: 'several event types per webhook',
    // webhooks.event now holds the slugs joined by commas; webhook_events indexes them for fan-out.
    sql: `
      CREATE TABLE webhook_events (
        webhook_id TEXT NOT NULL,
        event TEXT NOT NULL,
        PRIMARY KEY (event, webhook_id)
      );
      CREATE INDEX webhook_events_by_webhook ON webhook_events (webhook_id);
      INSERT INTO webhook_events (webhook_id, event) SELECT id, event FROM webhooks;
    `,
  },
  {
    version: 7,
    name: 'indexes for the web page at a glance',
    sql: `
      CREATE INDEX attempts_by_time ON attempts (started_at);
      CREATE INDEX events_by_time ON events (received_at);
    `,
  },
  {
    version: 8,
    name: 'delivery ids made by the database',
    // Ingest inserts an event batch and its deliveries in one statement (eventBatch.ts): their ids are made there,
    // as ids.ts makes them: prefix, the time in base 36 on 9 characters, 10 random bytes in base64url (those of a
    // version-4 UUID, without its version and variant bits; gen_random_uuid is built in since PostgreSQL 13).
    sql: `
      CREATE FUNCTION relay_new_id(prefix TEXT, at_ms BIGINT) RETURNS TEXT LANGUAGE plpgsql VOLATILE AS $$
      DECLARE
        digits CONSTANT TEXT := '0123456789abcdefghijklmnopqrstuvwxyz';
        rest BIGINT := at_ms;
        stamp TEXT := '';
        random_bytes BYTEA := uuid_send(gen_random_uuid());
      BEGIN
        WHILE rest > 0 LOOP
          stamp := substr(digits, (rest % 36)::INT + 1, 1) || stamp;
          rest := rest / 36;
        END LOOP;
        RETURN prefix || '_' || lpad(stamp, 9, '0')
          || translate(rtrim(encode(substr(random_bytes, 1, 6) || substr(random_bytes, 11, 4), 'base64'), '='), '+/', '-_');
      END $$;
    `,
  },
  {
    version: 9,
    name: 'pacing',
    // rate_limit: the webhook's setting; pace_key and pace_interval_ms: what it comes to (webhookPace.ts), for the
    // claim. pacing: when each budget may send next (a 429 pushes it out; paced claims reserve slots from it under
    // the row's lock, so several relay processes share one budget).
    sql: `
      ALTER TABLE webhooks ADD COLUMN rate_limit TEXT;
      ALTER TABLE webhooks ADD COLUMN pace_key TEXT NOT NULL DEFAULT '';
      ALTER TABLE webhooks ADD COLUMN pace_interval_ms DOUBLE PRECISION;
      CREATE INDEX webhooks_by_pace ON webhooks (pace_key);
      CREATE TABLE pacing (key TEXT PRIMARY KEY, next_at BIGINT NOT NULL);
    `,
  },
  {
    version: 10,
    name: 'gap repair from the plugin send log',
    sql: `
      CREATE TABLE plugin_log_entries (
        network_url TEXT NOT NULL,
        entry_id BIGINT NOT NULL,
        slug TEXT NOT NULL,
        logged_at BIGINT NOT NULL,
        outcome TEXT NOT NULL,
        event_id TEXT,
        reason TEXT,
        body_hash TEXT,
        claimable_until BIGINT,
        late_original_at BIGINT,
        recorded_at BIGINT NOT NULL,
        PRIMARY KEY (network_url, entry_id)
      );
      CREATE UNIQUE INDEX plugin_log_entries_by_event ON plugin_log_entries (event_id) WHERE event_id IS NOT NULL;
      CREATE INDEX plugin_log_entries_claimable ON plugin_log_entries (claimable_until) WHERE outcome = 'recovered' AND late_original_at IS NULL;
      CREATE TABLE gap_repair_state (
        network_url TEXT PRIMARY KEY,
        cursor_id BIGINT NOT NULL DEFAULT 0,
        offset_hint BIGINT NOT NULL DEFAULT 0,
        lease_owner TEXT,
        lease_expires_at BIGINT,
        last_pass_at BIGINT,
        last_pass TEXT
      );
      CREATE INDEX events_by_type_and_time ON events (event, received_at);
    `,
  },
];
