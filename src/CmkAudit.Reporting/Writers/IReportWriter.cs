namespace CmkAudit.Reporting.Writers;

/// <summary>One output format. A writer renders the report as it is; it never decides a verdict.</summary>
public interface IReportWriter
{
    /// <summary>The name users pass to --format.</summary>
    string Format { get; }

    /// <summary>The file the writer creates in the output folder.</summary>
    string FileName { get; }

    void Write(AuditReport report, Stream output);
}

/// <summary>The formats, chosen in one place. An unknown name is a usage error, never a silent fallback.</summary>
public static class ReportWriters
{
    public static IReadOnlyList<IReportWriter> All { get; } =
    [
        new JsonReportWriter(),
        new CsvReportWriter(),
        new SarifReportWriter(),
    ];

    public static IReadOnlyList<string> Names => [.. All.Select(w => w.Format)];

    public static IReportWriter? Find(string format) =>
        All.FirstOrDefault(w => w.Format.Equals(format.Trim(), StringComparison.OrdinalIgnoreCase));
}
