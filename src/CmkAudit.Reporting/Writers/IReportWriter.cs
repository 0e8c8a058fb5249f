namespace CmkAudit.Reporting.Writers;

/// <summary>One output format. A writer renders the report as it is; it never decides a verdict.</summary>
public interface IReportWriter
{
    /// <summary>The name users pass to --format.</summary>
    string Format { get; }

    /// <summary>The files the writer creates in the output folder.</summary>
    IReadOnlyList<string> FileNames { get; }

    /// <summary>Writes every file, each into the stream <paramref name="createFile"/> opens for its name.</summary>
    void Write(AuditReport report, Func<string, Stream> createFile);
}

/// <summary>A format that is one file.</summary>
public abstract class SingleFileWriter : IReportWriter
{
    public abstract string Format { get; }

    public abstract string FileName { get; }

    public IReadOnlyList<string> FileNames => [FileName];

    public void Write(AuditReport report, Func<string, Stream> createFile)
    {
        using var stream = createFile(FileName);
        Write(report, stream);
    }

    public abstract void Write(AuditReport report, Stream output);
}

/// <summary>The formats, chosen in one place. An unknown name is a usage error, never a silent fallback.</summary>
public static class ReportWriters
{
    public static IReadOnlyList<IReportWriter> All { get; } =
    [
        new JsonReportWriter(),
        new CsvReportWriter(),
        new SarifReportWriter(),
        new RemediationScriptWriter(),
        new MarkdownSummaryWriter(),
        new HtmlReportWriter(),
        new PdfReportWriter(),
    ];

    public static IReadOnlyList<string> Names => [.. All.Select(w => w.Format)];

    public static IReportWriter? Find(string format) =>
        All.FirstOrDefault(w => w.Format.Equals(format.Trim(), StringComparison.OrdinalIgnoreCase));
}
