//! Moving in from another product: a ZIP of CSVs exported by another ATS (French headers,
//! semicolons) with a folder of CVs is read, its columns map themselves, a dry run reports
//! every row and writes nothing, the import writes history as it happened without telling
//! anyone, failed rows come back with their reason, and a run again changes nothing twice.

use std::io::Write;

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::support::{Server, World, api, csrf_in, server_with, sign_in, token_for, world};

fn zip_of(files: &[(&str, Vec<u8>)]) -> Vec<u8> {
    let mut z = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for (name, bytes) in files {
        z.start_file(*name, zip::write::SimpleFileOptions::default()).unwrap();
        z.write_all(bytes).unwrap();
    }
    z.finish().unwrap().into_inner()
}

/// An export as another ATS makes it: jobs with French headers and semicolons, candidates in
/// Windows-1252 with a CV each, applications with the stage they reached.
fn export() -> Vec<u8> {
    let jobs = "Référence;Intitulé du poste;Agence;Ville;Type de contrat;Statut\n\
        J1;Conseiller clientèle;North;Lyon;CDI;Publiée\n\
        J2;Assistant;Nowhere;Paris;CDI;Publiée\n\
        J3;Chef d'agence;South;Marseille;CDD;Clôturée\n";
    // "Prénom" and "Léa" in Windows-1252, as older exports are.
    let mut candidates = b"ID candidat,Pr\xE9nom,Nom,E-mail,T\xE9l\xE9phone,CV,Comp\xE9tences\n".to_vec();
    candidates.extend_from_slice(b"C1,L\xE9a,Petit,lea@example.fr,+33 6 12 34 56 78,cv/lea.pdf,\"Vente, Conseil\"\n");
    candidates.extend_from_slice(b"C2,Hugo,Bernard,not-an-address,,,\n");
    candidates.extend_from_slice(b"C3,Ana,Kos,ana@example.hr,,cv/missing.pdf,\n");
    candidates.extend_from_slice(b"C4,Marc,Petit,marc@example.fr,,,\n");
    let applications = "ID candidature,ID offre,ID candidat,Étape,Statut,Motif de refus,Date de candidature\n\
        A1,J1,C1,interview,En cours,,15/03/2026\n\
        A2,J2,C1,,,,16/03/2026\n\
        A3,J1,C4,Nouveau,Refusé,Salaire,2026-03-20\n\
        A4,J3,C4,Nulle part,,,2026-03-21\n";
    zip_of(&[
        ("export/jobs.csv", jobs.as_bytes().to_vec()),
        ("export/candidates.csv", candidates),
        ("export/applications.csv", applications.as_bytes().to_vec()),
        (
            "export/cv/lea.pdf",
            portico_testkit::pdf(&["Léa Petit", "lea@example.fr", "Conseillère at Banque du Rhône 2018-2025"]),
        ),
    ])
}

async fn upload(s: &Server, token: &str, name: &str, bytes: Vec<u8>) -> reqwest::Response {
    let form = reqwest::multipart::Form::new()
        .text("importer", "recruit")
        .part("file", reqwest::multipart::Part::bytes(bytes).file_name(name.to_string()));
    api().post(s.url("/api/v1/csv-imports/uploads")).bearer_auth(token).multipart(form).send().await.unwrap()
}

/// Start a run of `upload` and let the worker finish it; its task with the report.
async fn run(s: &Server, token: &str, upload: &str, dry_run: bool) -> Value {
    let r = api()
        .post(s.url("/api/v1/csv-imports"))
        .bearer_auth(token)
        .json(&json!({"upload_id": upload, "dry_run": dry_run}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::ACCEPTED);
    let task = r.json::<Value>().await.unwrap()["task_id"].as_str().unwrap().to_string();
    s.worker().run_until_idle().await.unwrap();
    let t: Value = api()
        .get(s.url(&format!("/api/v1/csv-imports/{task}")))
        .bearer_auth(token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(t["status"], "done", "{t}");
    t
}

fn counts(t: &Value) -> Vec<(String, i64, i64, i64, i64)> {
    t["report"]["sheets"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            (
                c["sheet"].as_str().unwrap().to_string(),
                c["created"].as_i64().unwrap(),
                c["updated"].as_i64().unwrap(),
                c["unchanged"].as_i64().unwrap(),
                c["failed"].as_i64().unwrap(),
            )
        })
        .collect()
}

async fn count(s: &Server, sql: &str) -> i64 {
    sqlx::query_as::<_, (i64,)>(sqlx::AssertSqlSafe(sql.to_string())).fetch_one(s.state.db.pool()).await.unwrap().0
}

async fn setup(db: &portico_db::Db) -> (World, Server, String) {
    let w = world(db, "Acme").await;
    let s = server_with(db, |_| {}).await;
    let admin = token_for(db, w.ws, w.admin).await;
    (w, s, admin)
}

db_test!(async fn an_ats_export_is_checked_then_imported_with_its_history_and_again_without_duplicates(db) {
    let (w, s, admin) = setup(&db).await;
    let r = upload(&s, &admin, "export.zip", export()).await;
    assert_eq!(r.status(), StatusCode::CREATED);
    let up: Value = r.json().await.unwrap();
    let id = up["id"].as_str().unwrap().to_string();
    assert_eq!(up["files"], 1);
    let sheets: Vec<&str> = up["sheets"].as_array().unwrap().iter().map(|s| s["sheet"].as_str().unwrap()).collect();
    assert_eq!(sheets, vec!["jobs", "candidates", "applications"], "in the order they depend on each other");
    assert_eq!(up["sheets"][0]["mapping"]["title"], "Intitulé du poste", "French headers map themselves: {up}");
    assert_eq!(up["sheets"][1]["mapping"]["first_name"], "Prénom", "Windows-1252 is read: {up}");
    assert_eq!(up["sheets"][1]["missing"], json!([]));

    // The dry run reports every row and writes nothing.
    let check = run(&s, &admin, &id, true).await;
    let want = vec![
        ("jobs".to_string(), 2, 0, 0, 1),
        ("candidates".to_string(), 2, 0, 0, 2),
        ("applications".to_string(), 2, 0, 0, 2),
    ];
    assert_eq!(counts(&check), want, "{check}");
    let failures: Vec<(String, i64, String)> = check["report"]["failures"].as_array().unwrap().iter()
        .map(|f| (f["sheet"].as_str().unwrap().to_string(), f["line"].as_i64().unwrap(), f["field"].as_str().unwrap_or_default().to_string()))
        .collect();
    let named = |sheet: &str, line: i64, field: &str| (sheet.to_string(), line, field.to_string());
    assert_eq!(failures, vec![named("jobs", 3, "unit"), named("candidates", 3, "email"), named("candidates", 4, "cv"),
        named("applications", 3, "job"), named("applications", 5, "stage")], "{check}");
    assert!(check["report"]["failures"][1]["message"].as_str().unwrap().contains("E-mail"), "{check}");
    assert_eq!(check["report"]["failures"][0]["message"], "Unit (by its name): no unit has this name.", "in words, naming the column's field");
    assert_eq!(count(&s, "SELECT COUNT(*) FROM recruit_jobs").await, 0);
    assert_eq!(count(&s, "SELECT COUNT(*) FROM recruit_candidates").await, 0);

    // The import.
    let done = run(&s, &admin, &id, false).await;
    assert_eq!(counts(&done), vec![
        ("jobs".to_string(), 2, 0, 0, 1),
        ("candidates".to_string(), 2, 0, 0, 2),
        ("applications".to_string(), 2, 0, 0, 2),
    ], "{done}");
    let (status, unit): (String, String) = sqlx::query_as("SELECT status, unit_id FROM recruit_jobs WHERE title = 'Conseiller clientèle'")
        .fetch_one(db.pool()).await.unwrap();
    assert_eq!((status.as_str(), unit), ("open", w.north.to_string()));
    let closed: (String,) = sqlx::query_as("SELECT status FROM recruit_jobs WHERE title = 'Chef d''agence'").fetch_one(db.pool()).await.unwrap();
    assert_eq!(closed.0, "closed");
    // Léa's application: received the day the file says, at the interview stage, her CV on file.
    let (created, category, source): (i64, String, String) = sqlx::query_as(
        "SELECT a.created_at, s.category, a.source FROM recruit_applications a JOIN recruit_stages s ON s.id = a.stage_id
         JOIN contacts c ON c.id = a.contact_id WHERE c.email = 'lea@example.fr'").fetch_one(db.pool()).await.unwrap();
    assert_eq!((portico_kernel::clock::from_micros(created).date_naive().to_string().as_str(), category.as_str(), source.as_str()), ("2026-03-15", "interview", "import"));
    assert_eq!(count(&s, "SELECT COUNT(*) FROM recruit_documents WHERE filename = 'lea.pdf' AND extraction = 'done'").await, 1);
    let marc: (String, String) = sqlx::query_as("SELECT a.status, a.reject_reason FROM recruit_applications a JOIN contacts c ON c.id = a.contact_id WHERE c.email = 'marc@example.fr'")
        .fetch_one(db.pool()).await.unwrap();
    assert_eq!(marc, ("rejected".to_string(), "salary".to_string()));
    // History came in quietly: no e-mail to candidates, no news to the team.
    assert_eq!(count(&s, "SELECT COUNT(*) FROM outbound_emails WHERE to_addr IN ('lea@example.fr', 'marc@example.fr')").await, 0);
    assert_eq!(count(&s, "SELECT COUNT(*) FROM recruit_stage_emails").await, 0);
    // Only the one who ran it hears of it: each run says when it is finished.
    let notes: Vec<(String, String)> = sqlx::query_as("SELECT kind, title FROM notifications ORDER BY created_at").fetch_all(db.pool()).await.unwrap();
    assert_eq!(notes, vec![("task".to_string(), "Finished: export.zip".to_string()); 2]);
    // The numbers are those a rebuild from the records makes.
    let rows = || async {
        sqlx::query_as::<_, (i64, String, String, i64, i64, i64)>(
            "SELECT at_hour, category, reason, applications, reached, rejections FROM rollup_recruit
             WHERE applications <> 0 OR reached <> 0 OR rejections <> 0 ORDER BY 1, 2, 3",
        ).fetch_all(db.pool()).await.unwrap()
    };
    let kept = rows().await;
    assert!(!kept.is_empty());
    for statement in portico_recruit::reports::ROLLUP.rebuild {
        sqlx::query(sqlx::AssertSqlSafe(*statement)).bind(w.ws.to_string()).execute(db.pool()).await.unwrap();
    }
    assert_eq!(rows().await, kept);

    // The failed rows come back in their own columns, with the reason.
    let task = done["id"].as_str().unwrap();
    let r = api().get(s.url(&format!("/api/v1/csv-imports/{task}/failed"))).bearer_auth(&admin).send().await.unwrap();
    assert_eq!(r.status(), 200);
    let bytes = r.bytes().await.unwrap().to_vec();
    let mut z = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut jobs = String::new();
    std::io::Read::read_to_string(&mut z.by_name("export/jobs.csv").unwrap(), &mut jobs).unwrap();
    let lines: Vec<&str> = jobs.lines().collect();
    assert_eq!(lines.len(), 2, "{jobs}");
    assert!(lines[0].starts_with("Référence,Intitulé du poste,Agence") && lines[1].starts_with("J2,Assistant,Nowhere"), "{jobs}");

    // Run again until cut-over: nothing twice.
    let (jobs_before, apps_before) = (count(&s, "SELECT COUNT(*) FROM recruit_jobs").await, count(&s, "SELECT COUNT(*) FROM recruit_applications").await);
    let again = run(&s, &admin, &id, false).await;
    assert_eq!(counts(&again)[0], ("jobs".to_string(), 0, 2, 0, 1), "{again}");
    assert_eq!(counts(&again)[1], ("candidates".to_string(), 0, 0, 2, 2), "no candidate made twice, nor changed (Léa's CV is on file): {again}");
    assert_eq!(counts(&again)[2].1, 0, "no application made twice: {again}");
    assert_eq!((count(&s, "SELECT COUNT(*) FROM recruit_jobs").await, count(&s, "SELECT COUNT(*) FROM recruit_applications").await), (jobs_before, apps_before));
    assert_eq!(count(&s, "SELECT COUNT(*) FROM recruit_documents").await, 1, "the same CV is not attached twice");
});

db_test!(async fn imports_are_for_admins_of_the_workspace_and_bad_files_are_said_clearly(db) {
    let (w, s, admin) = setup(&db).await;
    let manager = token_for(&db, w.ws, w.north_manager).await;
    assert_eq!(upload(&s, &manager, "export.zip", export()).await.status(), StatusCode::FORBIDDEN);
    let up: Value = upload(&s, &admin, "export.zip", export()).await.json().await.unwrap();
    let id = up["id"].as_str().unwrap();
    let r = api().post(s.url("/api/v1/csv-imports")).bearer_auth(&manager).json(&json!({"upload_id": id})).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    // Another workspace's admin finds neither the upload nor the run.
    let other = world(&db, "Beta").await;
    let stranger = token_for(&db, other.ws, other.admin).await;
    let r = api().post(s.url("/api/v1/csv-imports")).bearer_auth(&stranger).json(&json!({"upload_id": id})).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
    let t = run(&s, &admin, id, true).await;
    let r = api().get(s.url(&format!("/api/v1/csv-imports/{}", t["id"].as_str().unwrap()))).bearer_auth(&stranger).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::NOT_FOUND);

    // A CSV that is no sheet, a column the file lacks, a required field left out: each named.
    let field = |r: Value| r["error"]["field"].as_str().map(str::to_string);
    let r = upload(&s, &admin, "people.csv", b"a,b\n1,2\n".to_vec()).await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(field(r.json().await.unwrap()), Some("sheet".to_string()));
    let r = upload(&s, &admin, "jobs.csv", b"".to_vec()).await;
    assert_eq!(field(r.json().await.unwrap()), Some("file".to_string()));
    let csv: Value = upload(&s, &admin, "jobs.csv", "id;title\nJ9;Caissier\n".as_bytes().to_vec()).await.json().await.unwrap();
    for mapping in [json!({"jobs": {"external_id": "id", "title": "Intitulé"}}), json!({"jobs": {"external_id": "id"}})] {
        let r = api().post(s.url("/api/v1/csv-imports")).bearer_auth(&admin).json(&json!({"upload_id": csv["id"], "mapping": mapping})).send().await.unwrap();
        assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY, "{mapping}");
        assert_eq!(field(r.json().await.unwrap()), Some("mapping".to_string()));
    }
    let one = run(&s, &admin, csv["id"].as_str().unwrap(), false).await;
    assert_eq!(counts(&one), vec![("jobs".to_string(), 1, 0, 0, 0)], "{one}");
});

db_test!(async fn an_admin_imports_from_the_settings_page_after_a_dry_run(db) {
    let (_w, s, _admin) = setup(&db).await;
    let b = sign_in(&s, "admin@acme.test").await;
    let page = b.get(s.url("/settings/import")).send().await.unwrap().text().await.unwrap();
    assert!(page.contains("candidates.csv") && page.contains("name=\"file\""), "{page}");
    assert!(!page.contains("import-field-") && !page.contains("import-sheet-") && !page.contains("import-guide-"), "every label is written: {page}");
    let form = reqwest::multipart::Form::new()
        .text("importer", "recruit")
        .text("sheet", "")
        .part("file", reqwest::multipart::Part::bytes(export()).file_name("export.zip"));
    let r = b.post(s.url(&format!("/settings/import?_csrf={}", csrf_in(&page)))).multipart(form).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let to = r.headers()["location"].to_str().unwrap().to_string();
    let mapping = b.get(s.url(&to)).send().await.unwrap().text().await.unwrap();
    assert!(mapping.contains("name=\"map.jobs.title\"") && mapping.contains("Conseiller clientèle"), "{mapping}");
    let r = b.post(s.url(&to)).form(&[("_csrf", csrf_in(&mapping).as_str()), ("map.jobs.external_id", "Référence"), ("map.jobs.title", "Intitulé du poste"), ("map.jobs.unit", "Agence"), ("action", "check")]).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let report = r.headers()["location"].to_str().unwrap().to_string();
    s.worker().run_until_idle().await.unwrap();
    let html = b.get(s.url(&report)).send().await.unwrap().text().await.unwrap();
    assert!(html.contains("Dry run") && html.contains("Would create") && html.contains("Import the rows that pass"), "{html}");
    // Import from there, with the mapping the dry run used.
    let r = b.post(s.url(&to)).form(&[("_csrf", csrf_in(&html).as_str()), ("map.jobs.external_id", "Référence"), ("map.jobs.title", "Intitulé du poste"), ("map.jobs.unit", "Agence"), ("action", "import")]).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    s.worker().run_until_idle().await.unwrap();
    assert_eq!(count(&s, "SELECT COUNT(*) FROM recruit_jobs").await, 2);
});

db_test!(async fn uploads_and_failed_rows_are_removed_after_thirty_days(db) {
    let w = world(&db, "Acme").await;
    let s = server_with(&db, |_| {}).await;
    let admin = token_for(&db, w.ws, w.admin).await;
    let (old, fresh) = (upload(&s, &admin, "export.zip", export()).await, upload(&s, &admin, "export.zip", export()).await);
    let (old, fresh): (Value, Value) = (old.json().await.unwrap(), fresh.json().await.unwrap());
    let folder = s.state.settings.data_dir.join("csv-imports").join(w.ws.to_db());
    let files = |id: &Value| {
        let id = id["id"].as_str().unwrap().to_string();
        std::fs::read_dir(&folder).unwrap().flatten().filter(|f| f.file_name().to_string_lossy().starts_with(&id)).map(|f| f.path()).collect::<Vec<_>>()
    };
    assert_eq!(files(&old).len(), 2, "the upload and what is known of it");
    let long_ago = std::time::SystemTime::now() - std::time::Duration::from_secs(31 * 86_400);
    for f in files(&old) {
        std::fs::File::options().write(true).open(f).unwrap().set_modified(long_ago).unwrap();
    }
    let mut tx = db.begin().await.unwrap();
    portico_jobs::queue::enqueue(&mut tx, portico_jobs::NewJob::new(portico_core::jobs::PURGE_IMPORTS, json!({})), 0).await.unwrap();
    tx.commit().await.unwrap();
    s.worker().run_until_idle().await.unwrap();
    assert!(files(&old).is_empty(), "kept past its time");
    assert_eq!(files(&fresh).len(), 2, "a recent upload stays");
    // The old upload is gone for good: an import of it is not found, naming it.
    let r = api().post(s.url("/api/v1/csv-imports")).bearer_auth(&admin).json(&json!({"upload_id": old["id"]})).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
    assert_eq!(r.json::<Value>().await.unwrap()["error"]["field"], "upload_id");
});
