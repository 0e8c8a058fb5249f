using System.Diagnostics;
using System.Globalization;
using CmkAudit.Benchmarks;
using CmkAudit.Engine;
using CmkAudit.Model.Input;
using CmkAudit.Reporting;
using CmkAudit.Reporting.Writers;
using CmkAudit.Rules;

// The scan benchmark: `dotnet run -c Release --project tests/CmkAudit.Benchmarks -- 10000 100000 1000000`.
// Each size is generated once into a temp folder, then scanned in a fresh child process so peak memory is per size.
if (args is ["--measure", var measureFolder, var count])
{
    return Measure(measureFolder, int.Parse(count, CultureInfo.InvariantCulture));
}

var sizes = args.Length > 0 ? args.Select(a => int.Parse(a, CultureInfo.InvariantCulture)).ToArray() : [10_000, 100_000, 1_000_000];
Console.WriteLine($"{"resources",10} {"files",6} {"load s",8} {"evaluate s",10} {"write s",8} {"total s",8} {"results",9} {"peak MB",8}");
foreach (var size in sizes)
{
    var folder = Path.Combine(Path.GetTempPath(), "cmkaudit-bench", size.ToString(CultureInfo.InvariantCulture));
    if (!Directory.Exists(folder))
    {
        SyntheticEstate.Write(folder, size);
    }
    using var child = Process.Start(new ProcessStartInfo(Environment.ProcessPath!, ["--measure", folder, size.ToString(CultureInfo.InvariantCulture)]) { RedirectStandardOutput = false })!;
    child.WaitForExit();
    if (child.ExitCode != 0)
    {
        return child.ExitCode;
    }
}
return 0;

static int Measure(string folder, int resources)
{
    var total = Stopwatch.StartNew();
    var stage = Stopwatch.StartNew();
    var estate = InputLoader.Load([folder]);
    var load = stage.Elapsed.TotalSeconds;
    stage.Restart();
    var now = new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero);
    var report = AuditReport.Create(estate, RulePack.Catalog, new ToolInfo("CmkAudit", "bench"), new ScanInfo(now, [folder], ScanConfiguration.Default, Severity.High));
    var evaluate = stage.Elapsed.TotalSeconds;
    stage.Restart();
    var output = folder + "-out";
    Directory.CreateDirectory(output);
    foreach (var writer in ReportWriters.All)
    {
        writer.Write(report, name => File.Create(Path.Combine(output, name)));
    }
    var write = stage.Elapsed.TotalSeconds;
    var errors = report.Results.Count(r => r.Outcome == Outcome.Error);
    if (estate.Diagnostics.Count > 0 || errors > 0)
    {
        Console.Error.WriteLine($"the synthetic estate produced {estate.Diagnostics.Count} diagnostics and {errors} errors");
        return 1;
    }
    var peak = Process.GetCurrentProcess().PeakWorkingSet64 / (1024 * 1024);
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"{resources,10} {estate.FilesRead.Count,6} {load,8:F2} {evaluate,10:F2} {write,8:F2} {total.Elapsed.TotalSeconds,8:F2} {report.Results.Count,9} {peak,8}"));
    return 0;
}
