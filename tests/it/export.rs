//! Exports read back: CSV parsed, XLSX opened with a reader; personal data only on request.

use calamine::{open_workbook, Reader, Xlsx};
use rstest::rstest;
use samskab::domain::input::InputInput;
use samskab::domain::meeting::{Meeting, MeetingInput};
use samskab::domain::member::MemberInput;
use samskab::service::board::{meetings, members};
use samskab::service::export::{self, ExportKind, SheetFormat};
use samskab::service::progress::Progress;
use samskab::service::{inputs, projects};
use samskab::store::Store;

use super::support::{input, temp_store_on, Backend};

fn fixture(store: &Store) {
    let p = projects::create(store, &input("Pjece; \"ny\" – æøå"), "involvement").expect("project");
    inputs::capture(
        store,
        &InputInput {
            project_id: p.id,
            group: "relatives".into(),
            channel: "mail_phone".into(),
            date: "2026-11-02".into(),
            text: "Linje 1\nLinje 2; med semikolon".into(),
            themes: vec!["sprog".into()],
            may_quote: true,
            contributor: "Hanne Jensen".into(),
            ..Default::default()
        },
    )
    .expect("capture");
    let anne = members::add(
        store,
        &MemberInput {
            name: "Anne Holm".into(),
            lived_experience: "patient".into(),
            honoraria: "accepted".into(),
            ..Default::default()
        },
    )
    .expect("member");
    let m = meetings::plan(
        store,
        &MeetingInput {
            date: "2026-11-05".into(),
            time: "16:00".into(),
            place: "Lokale 2".into(),
            online: false,
        },
    )
    .expect("plan")
    .id;
    let v = store.get::<Meeting>(m).expect("m").version;
    meetings::set_attendance(store, m, v, &[anne.id]).expect("attendance");
    samskab::service::hours::add(
        store,
        &samskab::domain::hours::TimeInput {
            project_id: p.id.to_string(),
            date: "2026-11-03".into(),
            kind: "writing".into(),
            hours: "1:30".into(),
            note: "Udkast; runde 2".into(),
        },
        chrono::Utc::now(),
    )
    .expect("hours");
    samskab::service::materials::add(
        store,
        &samskab::domain::material::MaterialInput {
            title: "Velkommen til P3".into(),
            kind: "leaflet".into(),
            owner_unit: "Afsnit P3".into(),
            languages: vec!["dansk".into(), "engelsk".into()],
            places: vec!["ward".into(), "web".into()],
            next_review: "2027-05-01".into(),
            status: "in_use".into(),
            project_id: Some(p.id),
            ..Default::default()
        },
        chrono::Utc::now(),
    )
    .expect("material");
}

fn read_csv(path: &std::path::Path) -> Vec<Vec<String>> {
    let bytes = std::fs::read(path).expect("read");
    assert_eq!(&bytes[..3], &[0xEF, 0xBB, 0xBF], "UTF-8 with BOM");
    csv::ReaderBuilder::new()
        .delimiter(b';')
        .has_headers(false)
        .from_reader(&bytes[3..])
        .records()
        .map(|r| r.expect("record").iter().map(str::to_owned).collect())
        .collect()
}

fn read_xlsx(path: &std::path::Path) -> Vec<Vec<String>> {
    let mut book: Xlsx<_> = open_workbook(path).expect("open xlsx");
    let name = book.sheet_names()[0].clone();
    let range = book.worksheet_range(&name).expect("sheet");
    range
        .rows()
        .map(|r| r.iter().map(|c| c.to_string()).collect())
        .collect()
}

#[rstest]
#[case::sled(Backend::Sled)]
#[case::postgres(Backend::Postgres)]
fn every_export_reads_back_equal_to_the_data_in_both_formats(#[case] backend: Backend) {
    let (store, dir) = temp_store_on(backend);
    fixture(&store);
    for kind in ExportKind::ALL {
        let sheet = export::sheet(&store, kind, false, &Progress::none()).expect("sheet");
        if matches!(kind, ExportKind::Hours | ExportKind::Materials) {
            assert_eq!(sheet.rows.len(), 1, "{kind:?}");
        }
        let mut expected = vec![sheet
            .headers
            .iter()
            .map(|h| h.to_string())
            .collect::<Vec<_>>()];
        expected.extend(sheet.rows.clone());
        let csv_path = dir.path().join(format!("{kind:?}.csv"));
        let xlsx_path = dir.path().join(format!("{kind:?}.xlsx"));
        export::save(
            &store,
            kind,
            SheetFormat::Csv,
            false,
            &csv_path,
            &Progress::none(),
        )
        .expect("csv");
        export::save(
            &store,
            kind,
            SheetFormat::Xlsx,
            false,
            &xlsx_path,
            &Progress::none(),
        )
        .expect("xlsx");
        assert_eq!(read_csv(&csv_path), expected, "{kind:?} as CSV");
        assert_eq!(read_xlsx(&xlsx_path), expected, "{kind:?} as XLSX");
    }
    let projects = read_csv(&dir.path().join("Projects.csv"));
    assert_eq!(projects[1][0], "Pjece; \"ny\" – æøå");
    let inputs = read_csv(&dir.path().join("Inputs.csv"));
    assert_eq!(inputs[1][4], "Linje 1\nLinje 2; med semikolon");
}

#[rstest]
#[case::sled(Backend::Sled)]
#[case::postgres(Backend::Postgres)]
fn personal_data_is_left_out_unless_asked_for(#[case] backend: Backend) {
    let (store, dir) = temp_store_on(backend);
    fixture(&store);
    for (kind, name) in [
        (ExportKind::Inputs, "Hanne Jensen"),
        (ExportKind::Meetings, "Anne Holm"),
    ] {
        let without = dir.path().join("without.csv");
        let with = dir.path().join("with.xlsx");
        export::save(
            &store,
            kind,
            SheetFormat::Csv,
            false,
            &without,
            &Progress::none(),
        )
        .expect("without");
        export::save(
            &store,
            kind,
            SheetFormat::Xlsx,
            true,
            &with,
            &Progress::none(),
        )
        .expect("with");
        assert!(
            !std::fs::read_to_string(&without)
                .expect("read")
                .contains(name),
            "{kind:?} leaked {name}"
        );
        let rows = read_xlsx(&with);
        assert!(
            rows.iter().flatten().any(|c| c == name),
            "{kind:?} with personal data has {name}"
        );
    }
}

#[rstest]
#[case::sled(Backend::Sled)]
#[case::postgres(Backend::Postgres)]
fn a_file_that_cannot_be_written_is_named_as_such(#[case] backend: Backend) {
    let (store, dir) = temp_store_on(backend);
    fixture(&store);
    let missing = dir.path().join("ingen-mappe");
    for format in [SheetFormat::Csv, SheetFormat::Xlsx] {
        let path = missing.join("eksport");
        let err = export::save(
            &store,
            ExportKind::Projects,
            format,
            false,
            &path,
            &Progress::none(),
        )
        .expect_err("no such folder");
        assert_eq!(err.code(), "file.write", "{format:?}: {err}");
        assert!(
            err.to_string().contains("ingen-mappe"),
            "names the path: {err}"
        );
    }
    let err = samskab::service::year_report::save(
        &store,
        2026,
        false,
        &missing.join("aarsrapport.html"),
        &Progress::none(),
    )
    .expect_err("no such folder");
    assert_eq!(err.code(), "file.write");
    assert!(!missing.exists());
}

/// Text that a spreadsheet would run as a formula, in every field kind that is exported.
const HOSTILE: [&str; 7] = [
    "=HYPERLINK(\"http://example.invalid\";\"Klik\")",
    "+45 12 34 56 78",
    "-2+3",
    "@SUM(A1:A9)",
    "\t=1+1",
    "\r=1+1",
    "=cmd|' /C calc'!A0",
];

#[rstest]
#[case::sled(Backend::Sled)]
#[case::postgres(Backend::Postgres)]
fn no_formulas_reach_csv_and_xlsx_cells_stay_strings(#[case] backend: Backend) {
    let (store, dir) = temp_store_on(backend);
    for (n, text) in HOSTILE.iter().enumerate() {
        let mut p = input(text);
        p.requester_unit = (*text).into();
        p.tags = vec![format!("t{n}")];
        let p = projects::create(&store, &p, "idea").expect("hostile title is valid text");
        inputs::capture(
            &store,
            &InputInput {
                project_id: p.id,
                group: "patients".into(),
                channel: "survey".into(),
                date: "2026-11-02".into(),
                text: (*text).into(),
                ..Default::default()
            },
        )
        .expect("capture");
    }
    for kind in [ExportKind::Projects, ExportKind::Inputs] {
        let csv = dir.path().join(format!("{kind:?}.csv"));
        export::save(
            &store,
            kind,
            SheetFormat::Csv,
            false,
            &csv,
            &Progress::none(),
        )
        .expect("csv");
        let rows = read_csv(&csv);
        let mut seen = 0;
        for cell in rows.iter().skip(1).flatten() {
            assert!(
                !cell.starts_with(['=', '+', '-', '@', '\t', '\r']),
                "a CSV cell would run as a formula: {cell:?}"
            );
            if let Some(rest) = cell.strip_prefix('\'') {
                // Forms trim text, so "\t=1+1" is stored as "=1+1".
                assert!(
                    HOSTILE.iter().any(|h| h.trim() == rest),
                    "only hostile cells are prefixed: {cell:?}"
                );
                seen += 1;
            }
        }
        assert!(
            seen >= HOSTILE.len(),
            "{kind:?}: every hostile text was found and defused"
        );

        let xlsx = dir.path().join(format!("{kind:?}.xlsx"));
        export::save(
            &store,
            kind,
            SheetFormat::Xlsx,
            false,
            &xlsx,
            &Progress::none(),
        )
        .expect("xlsx");
        let mut book: Xlsx<_> = open_workbook(&xlsx).expect("open xlsx");
        let name = book.sheet_names()[0].clone();
        let formulas = book.worksheet_formula(&name).expect("formulas");
        assert!(
            formulas.used_cells().all(|(_, _, f)| f.is_empty()),
            "no formulas in XLSX"
        );
        let range = book.worksheet_range(&name).expect("range");
        let found = range
            .rows()
            .flatten()
            .filter(
                |c| matches!(c, calamine::Data::String(s) if HOSTILE.iter().any(|h| h.trim() == s)),
            )
            .count();
        assert!(
            found >= HOSTILE.len(),
            "the hostile texts stay as strings, unchanged"
        );
    }
}
