-- The job engine's tables (docs/adr/0007-job-engine.md): the ADO.NET job store of Quartz.NET 4.7, clustered,
-- in a schema of its own so that nothing of ours (and no test reset of the public schema) touches them.
-- Written from the PostgreSQL tables Quartz.NET documents (database/tables/tables_postgres.sql of
-- quartznet/quartznet, Apache-2.0) and the schema that the 4.7.3 package itself checks at start-up (its
-- embedded Schema/create_postgres.sql, which adds paused_job_grps and the retry, continuation, pause and
-- progress columns to the documented tables). The store's table prefix is "quartz.qrtz_". Quartz reads and
-- writes these rows itself; our code only schedules through its API. Its optional execution-history tables
-- are left out: the app does not turn that feature on.

CREATE SCHEMA IF NOT EXISTS quartz;

-- Jobs: what runs (the job class) and whether it survives without triggers, may run beside itself, and is
-- re-run after a node dies mid-run (requests_recovery).
CREATE TABLE quartz.qrtz_job_details (
    sched_name        text  NOT NULL,
    job_name          text  NOT NULL,
    job_group         text  NOT NULL,
    description       text  NULL,
    job_class_name    text  NOT NULL,
    is_durable        bool  NOT NULL,
    is_nonconcurrent  bool  NOT NULL,
    is_update_data    bool  NOT NULL,
    requests_recovery bool  NOT NULL,
    job_data          bytea NULL,
    PRIMARY KEY (sched_name, job_name, job_group)
);

-- Triggers: when a job runs next, and the state a node moves it through (WAITING, ACQUIRED, EXECUTING, ...).
CREATE TABLE quartz.qrtz_triggers (
    sched_name              text         NOT NULL,
    trigger_name            text         NOT NULL,
    trigger_group           text         NOT NULL,
    job_name                text         NOT NULL,
    job_group               text         NOT NULL,
    description             text         NULL,
    next_fire_time          bigint       NULL,
    prev_fire_time          bigint       NULL,
    priority                integer      NULL,
    trigger_state           text         NOT NULL,
    trigger_type            text         NOT NULL,
    start_time              bigint       NOT NULL,
    end_time                bigint       NULL,
    calendar_name           text         NULL,
    misfire_instr           smallint     NULL,
    misfire_orig_fire_time  bigint       NULL,
    execution_group         varchar(200) NULL,
    preferred_node          varchar(200) NULL,
    preferred_node_auto     bool         NOT NULL DEFAULT false,
    retry_policy            varchar(250) NULL,
    retry_attempt           integer      NULL,
    continues_trigger_name  text         NULL,
    continues_trigger_group text         NULL,
    continuation_condition  integer      NULL,
    overlap_policy          integer      NULL,
    pause_reason            varchar(250) NULL,
    paused_by               varchar(200) NULL,
    paused_at               bigint       NULL,
    misfire_threshold       bigint       NULL,
    fixed_delay             bool         NULL,
    job_data                bytea        NULL,
    PRIMARY KEY (sched_name, trigger_name, trigger_group),
    FOREIGN KEY (sched_name, job_name, job_group) REFERENCES quartz.qrtz_job_details (sched_name, job_name, job_group)
);

-- The schedule of each trigger kind, one table per kind, removed with its trigger.
CREATE TABLE quartz.qrtz_simple_triggers (
    sched_name      text   NOT NULL,
    trigger_name    text   NOT NULL,
    trigger_group   text   NOT NULL,
    repeat_count    bigint NOT NULL,
    repeat_interval bigint NOT NULL,
    times_triggered bigint NOT NULL,
    PRIMARY KEY (sched_name, trigger_name, trigger_group),
    FOREIGN KEY (sched_name, trigger_name, trigger_group)
        REFERENCES quartz.qrtz_triggers (sched_name, trigger_name, trigger_group) ON DELETE CASCADE
);

CREATE TABLE quartz.qrtz_cron_triggers (
    sched_name      text NOT NULL,
    trigger_name    text NOT NULL,
    trigger_group   text NOT NULL,
    cron_expression text NOT NULL,
    time_zone_id    text NULL,
    PRIMARY KEY (sched_name, trigger_name, trigger_group),
    FOREIGN KEY (sched_name, trigger_name, trigger_group)
        REFERENCES quartz.qrtz_triggers (sched_name, trigger_name, trigger_group) ON DELETE CASCADE
);

CREATE TABLE quartz.qrtz_simprop_triggers (
    sched_name    text    NOT NULL,
    trigger_name  text    NOT NULL,
    trigger_group text    NOT NULL,
    str_prop_1    text    NULL,
    str_prop_2    text    NULL,
    str_prop_3    text    NULL,
    int_prop_1    integer NULL,
    int_prop_2    integer NULL,
    long_prop_1   bigint  NULL,
    long_prop_2   bigint  NULL,
    dec_prop_1    numeric NULL,
    dec_prop_2    numeric NULL,
    bool_prop_1   bool    NULL,
    bool_prop_2   bool    NULL,
    time_zone_id  text    NULL,
    PRIMARY KEY (sched_name, trigger_name, trigger_group),
    FOREIGN KEY (sched_name, trigger_name, trigger_group)
        REFERENCES quartz.qrtz_triggers (sched_name, trigger_name, trigger_group) ON DELETE CASCADE
);

CREATE TABLE quartz.qrtz_blob_triggers (
    sched_name    text  NOT NULL,
    trigger_name  text  NOT NULL,
    trigger_group text  NOT NULL,
    blob_data     bytea NULL,
    PRIMARY KEY (sched_name, trigger_name, trigger_group),
    FOREIGN KEY (sched_name, trigger_name, trigger_group)
        REFERENCES quartz.qrtz_triggers (sched_name, trigger_name, trigger_group) ON DELETE CASCADE
);

CREATE TABLE quartz.qrtz_calendars (
    sched_name    text  NOT NULL,
    calendar_name text  NOT NULL,
    calendar      bytea NOT NULL,
    PRIMARY KEY (sched_name, calendar_name)
);

-- Paused groups of triggers and of jobs, with who paused them and why.
CREATE TABLE quartz.qrtz_paused_trigger_grps (
    sched_name    text         NOT NULL,
    trigger_group text         NOT NULL,
    pause_reason  varchar(250) NULL,
    paused_by     varchar(200) NULL,
    paused_at     bigint       NULL,
    PRIMARY KEY (sched_name, trigger_group)
);

CREATE TABLE quartz.qrtz_paused_job_grps (
    sched_name   text         NOT NULL,
    job_group    text         NOT NULL,
    pause_reason varchar(250) NULL,
    paused_by    varchar(200) NULL,
    paused_at    bigint       NULL,
    PRIMARY KEY (sched_name, job_group)
);

-- Firings in progress, per node: what a surviving node recovers when another stops checking in.
CREATE TABLE quartz.qrtz_fired_triggers (
    sched_name               text         NOT NULL,
    entry_id                 text         NOT NULL,
    trigger_name             text         NOT NULL,
    trigger_group            text         NOT NULL,
    instance_name            text         NOT NULL,
    fired_time               bigint       NOT NULL,
    sched_time               bigint       NOT NULL,
    priority                 integer      NOT NULL,
    state                    text         NOT NULL,
    job_name                 text         NULL,
    job_group                text         NULL,
    is_nonconcurrent         bool         NOT NULL,
    requests_recovery        bool         NULL,
    execution_group          varchar(200) NULL,
    progress                 integer      NULL,
    progress_message         varchar(250) NULL,
    interrupt_requested_time bigint       NULL,
    PRIMARY KEY (sched_name, entry_id)
);

-- Each node's last check-in: the cluster's way of noticing a dead node.
CREATE TABLE quartz.qrtz_scheduler_state (
    sched_name        text        NOT NULL,
    instance_name     text        NOT NULL,
    last_checkin_time bigint      NOT NULL,
    checkin_interval  bigint      NOT NULL,
    quartz_version    varchar(20) NULL,
    PRIMARY KEY (sched_name, instance_name)
);

-- The rows the nodes lock (SELECT ... FOR UPDATE) to take turns at acquiring triggers and recovering.
CREATE TABLE quartz.qrtz_locks (
    sched_name text NOT NULL,
    lock_name  text NOT NULL,
    PRIMARY KEY (sched_name, lock_name)
);

-- Every statement of the store filters on sched_name first, so every index leads with it.
CREATE INDEX idx_qrtz_j_g_n ON quartz.qrtz_job_details (sched_name, job_group, job_name);
CREATE INDEX idx_qrtz_t_j ON quartz.qrtz_triggers (sched_name, job_name, job_group);
CREATE INDEX idx_qrtz_t_g_n ON quartz.qrtz_triggers (sched_name, trigger_group, trigger_name);
CREATE INDEX idx_qrtz_t_c ON quartz.qrtz_triggers (sched_name, calendar_name);
-- Trigger acquisition: the due WAITING triggers, earliest and most urgent first.
CREATE INDEX idx_qrtz_t_nft_st ON quartz.qrtz_triggers (sched_name, trigger_state, next_fire_time ASC, priority DESC, misfire_instr);
CREATE INDEX idx_qrtz_ft_inst_job_req_rcvry ON quartz.qrtz_fired_triggers (sched_name, instance_name, requests_recovery);
CREATE INDEX idx_qrtz_ft_j_g ON quartz.qrtz_fired_triggers (sched_name, job_name, job_group);
CREATE INDEX idx_qrtz_ft_t_g ON quartz.qrtz_fired_triggers (sched_name, trigger_name, trigger_group);
