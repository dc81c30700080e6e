use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use portico_jobs::{NewJob, Worker, WorkerConfig, queue, schedules, tasks};
use portico_kernel::{Clock, ManualClock, SystemClock};
use serde_json::json;

fn cfg(id: &str) -> WorkerConfig {
    WorkerConfig { id: id.into(), concurrency: 2, poll: Duration::from_millis(20), lease: Duration::from_secs(30) }
}

async fn enqueue(db: &portico_db::Db, job: NewJob, now: i64) -> portico_kernel::JobId {
    let mut tx = db.begin().await.unwrap();
    let id = queue::enqueue(&mut tx, job, now).await.unwrap();
    tx.commit().await.unwrap();
    id
}

db_test!(async fn retries_with_backoff_then_dead_letters(db) {
    let clock = Arc::new(ManualClock::new(chrono::Utc::now()));
    let mut w = Worker::new(db.clone(), clock.clone(), cfg("w1"));
    w.register("flaky", |_ctx| async { Err::<(), _>("boom".to_string()) });
    let id = enqueue(&db, NewJob::new("flaky", json!({})).attempts(3), clock.now_micros()).await;
    assert_eq!(w.run_until_idle().await.unwrap(), 1);
    assert_eq!(w.run_until_idle().await.unwrap(), 0, "not due again before its back-off");
    clock.advance(chrono::Duration::seconds(6));
    assert_eq!(w.run_until_idle().await.unwrap(), 1);
    clock.advance(chrono::Duration::seconds(11));
    assert_eq!(w.run_until_idle().await.unwrap(), 1);
    let job = queue::get(&db, id).await.unwrap().unwrap();
    assert_eq!((job.status.as_str(), job.attempts, job.last_error.as_deref()), ("dead", 3, Some("boom")));
    assert!(queue::requeue_dead(&db, id, clock.now_micros()).await.unwrap());
    assert_eq!(queue::get(&db, id).await.unwrap().unwrap().status, "queued");
});

db_test!(async fn expired_lease_is_picked_up_again(db) {
    let clock = Arc::new(ManualClock::new(chrono::Utc::now()));
    enqueue(&db, NewJob::new("work", json!({"n": 1})), clock.now_micros()).await;
    // A worker claims the job and "dies" (never completes or heartbeats).
    let claimed = queue::claim(&db, "dead-worker", &["work".into()], clock.now_micros(), 30_000_000).await.unwrap();
    assert!(claimed.is_some());
    assert!(queue::claim(&db, "w2", &["work".into()], clock.now_micros(), 30_000_000).await.unwrap().is_none());
    clock.advance(chrono::Duration::seconds(31));
    let again = queue::claim(&db, "w2", &["work".into()], clock.now_micros(), 30_000_000).await.unwrap().unwrap();
    assert_eq!(again.attempts, 2);
});

db_test!(async fn two_workers_never_run_the_same_job(db) {
    let now = SystemClock.now_micros();
    let n = 40;
    for i in 0..n {
        enqueue(&db, NewJob::new("count", json!({"i": i})), now).await;
    }
    let runs = Arc::new(std::sync::Mutex::new(Vec::new()));
    let (stop_tx, stop_rx) = tokio::sync::watch::channel(false);
    let mut handles = Vec::new();
    for name in ["a", "b"] {
        let mut w = Worker::new(db.clone(), Arc::new(SystemClock), cfg(name));
        let runs = runs.clone();
        w.register("count", move |ctx| {
            let runs = runs.clone();
            async move {
                runs.lock().unwrap().push(ctx.job.id.clone());
                tokio::time::sleep(Duration::from_millis(5)).await;
                Ok(())
            }
        });
        handles.push(tokio::spawn(Arc::new(w).run(stop_rx.clone())));
    }
    for _ in 0..400 {
        let counts = queue::counts(&db).await.unwrap();
        if counts.iter().any(|(s, c)| s == "done" && *c == n) {
            break;
        }
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
    stop_tx.send(true).unwrap();
    for h in handles {
        h.await.unwrap();
    }
    let mut seen = runs.lock().unwrap().clone();
    assert_eq!(seen.len(), n as usize);
    seen.sort();
    seen.dedup();
    assert_eq!(seen.len(), n as usize, "no job ran twice");
    let workers: Vec<(String,)> = sqlx::query_as("SELECT DISTINCT locked_by FROM jobs").fetch_all(db.pool()).await.unwrap();
    assert_eq!(workers.len(), 2, "both workers took part");
});

db_test!(async fn schedules_fire_once_per_period_and_tasks_report_progress(db) {
    let clock = Arc::new(ManualClock::new(chrono::Utc::now()));
    schedules::ensure(&db, "tick", "tick", json!({}), 60, clock.now_micros()).await.unwrap();
    let ticks = Arc::new(AtomicUsize::new(0));
    let mut w = Worker::new(db.clone(), clock.clone(), cfg("w"));
    let t = ticks.clone();
    w.register("tick", move |_| {
        let t = t.clone();
        async move {
            t.fetch_add(1, Ordering::SeqCst);
            Ok(())
        }
    });
    w.register("long", |ctx| async move {
        for i in 1..=4 {
            ctx.progress(i, 4).await.map_err(|e| e.to_string())?;
        }
        tasks::finish(&ctx.db, ctx.task().unwrap(), json!({"rows": 4}), ctx.clock.now_micros()).await.map_err(|e| e.to_string())
    });
    w.run_until_idle().await.unwrap();
    assert_eq!(ticks.load(Ordering::SeqCst), 0);
    clock.advance(chrono::Duration::seconds(61));
    w.run_until_idle().await.unwrap();
    w.run_until_idle().await.unwrap();
    assert_eq!(ticks.load(Ordering::SeqCst), 1);

    let w_ws = crate::support::world(&db, "Acme").await;
    let mut tx = db.begin().await.unwrap();
    let task = tasks::create(&mut tx, &crate::support::authz_of(&db, w_ws.ws, w_ws.admin).await, Some(w_ws.admin), "export", "Export", clock.now_micros()).await.unwrap();
    queue::enqueue(&mut tx, NewJob::new("long", json!({})).for_task(task), clock.now_micros()).await.unwrap();
    tx.commit().await.unwrap();
    w.run_until_idle().await.unwrap();
    let t = tasks::get(db.pool(), &crate::support::authz_of(&db, w_ws.ws, w_ws.admin).await, task).await.unwrap();
    assert_eq!((t.status.as_str(), t.percent(), t.result_json.as_deref()), ("done", 100, Some("{\"rows\":4}")));
    let other = crate::support::world(&db, "Other").await;
    assert!(tasks::get(db.pool(), &crate::support::authz_of(&db, other.ws, other.admin).await, task).await.is_err(), "another workspace cannot see the task");
});
