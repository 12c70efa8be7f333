//! Roles on the hand-written dev articles in `tests/data/roles/`: triple
//! precision and recall against `expected.tsv` must stay above floors.

use gazette::entity::EntityType;
use gazette::pipeline::Extractor;

fn norm(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase()
}

#[test]
fn dev_set_precision_and_recall() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/roles");
    let expected = std::fs::read_to_string(dir.join("expected.tsv")).unwrap();
    let gold: Vec<[String; 4]> = expected
        .lines()
        .skip(1)
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            let mut f = l.split('\t').map(norm);
            [(); 4].map(|_| f.next().unwrap_or_default())
        })
        .collect();
    let mut articles: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    articles.sort();
    assert!(articles.len() >= 12);
    let ex = Extractor::default();
    let (mut n_pred, mut tp_pred, mut tp_gold) = (0, 0, 0);
    let mut errors = Vec::new();
    for path in &articles {
        let art = path.file_stem().unwrap().to_string_lossy().to_string();
        let text = std::fs::read_to_string(path).unwrap();
        let ents = ex.entities(&text, None);
        let names = |i: usize| -> Vec<String> {
            let e = &ents[i];
            std::iter::once(norm(&e.name)).chain(e.mentions.iter().map(|m| norm(&text[m.start..m.end]))).collect()
        };
        let preds: Vec<(Vec<String>, String, Option<Vec<String>>)> = ents
            .iter()
            .filter(|e| e.ty == EntityType::Role)
            .map(|e| {
                let l = e.role.as_ref().unwrap();
                (names(l.person.unwrap()), norm(&l.title), l.organization.map(names))
            })
            .collect();
        let golds: Vec<&[String; 4]> = gold.iter().filter(|g| g[0] == art).collect();
        let matches = |p: &(Vec<String>, String, Option<Vec<String>>), g: &[String; 4]| {
            p.0.contains(&g[1])
                && p.1 == g[2]
                && match &p.2 {
                    None => g[3].is_empty(),
                    Some(o) => o.contains(&g[3]),
                }
        };
        for p in &preds {
            n_pred += 1;
            if golds.iter().any(|g| matches(p, g)) {
                tp_pred += 1;
            } else {
                errors.push(format!(
                    "FP {art}: {:?} | {} | {:?}",
                    p.0.first(),
                    p.1,
                    p.2.as_ref().and_then(|o| o.first())
                ));
            }
        }
        for g in &golds {
            if preds.iter().any(|p| matches(p, g)) {
                tp_gold += 1;
            } else {
                errors.push(format!("FN {art}: {} | {} | {}", g[1], g[2], g[3]));
            }
        }
    }
    let p = tp_pred as f64 / n_pred.max(1) as f64;
    let r = tp_gold as f64 / gold.len() as f64;
    assert!(p >= 0.85 && r >= 0.65, "precision {p:.3} recall {r:.3}\n{}", errors.join("\n"));
}
