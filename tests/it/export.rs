//! Exports read back: CSV parsed, XLSX opened with a reader; personal data only on request.

use calamine::{open_workbook, Reader, Xlsx};
use samskab::domain::input::InputInput;
use samskab::domain::meeting::{Meeting, MeetingInput};
use samskab::domain::member::MemberInput;
use samskab::service::board::{meetings, members};
use samskab::service::export::{self, ExportKind, SheetFormat};
use samskab::service::progress::Progress;
use samskab::service::{inputs, projects};
use samskab::store::Store;

use super::support::{input, temp_store};

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

#[test]
fn every_export_reads_back_equal_to_the_data_in_both_formats() {
    let (store, dir) = temp_store();
    fixture(&store);
    for kind in ExportKind::ALL {
        let sheet = export::sheet(&store, kind, false, &Progress::none()).expect("sheet");
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

#[test]
fn personal_data_is_left_out_unless_asked_for() {
    let (store, dir) = temp_store();
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

#[test]
fn a_file_that_cannot_be_written_is_named_as_such() {
    let (store, dir) = temp_store();
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
