fn main() {
    for dir in ["../shared/schemas/valid", "../shared/schemas/invalid"] {
        for e in std::fs::read_dir(dir).unwrap() {
            let p = e.unwrap().path();
            let s = p.to_string_lossy().to_string();
            if !s.ends_with(".prisma") || s.ends_with(".formatted.prisma") {
                continue;
            }
            let src = std::fs::read_to_string(&p).unwrap();
            let mut d = schema_core::Diagnostics::new();
            schema_core::parse_schema(&src, &mut d);
            if d.has_errors() {
                println!("{s}\n{}", d.render_errors("schema.prisma", &src));
            }
        }
    }
}
