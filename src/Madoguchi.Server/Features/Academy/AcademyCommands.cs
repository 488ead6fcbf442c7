using System.Diagnostics;
using System.Globalization;
using Madoguchi.Core.Academy;
using Madoguchi.Data;
using Madoguchi.Server.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Madoguchi.Server.Features.Academy;

/// <summary>
/// Operator commands for the academy (used by bench/academy.sh):
///   academy seed [--tenant S] [--staff 2000] [--modules 50]  — a synthetic programme of M modules and N staff who work
///       through every module (the dashboards' worst case); without --modules the sample programme and tier paths
///   academy dashboard [--tenant S] [--rounds 30]             — computes the dashboard N times; prints p50/p95 in ms
/// </summary>
public static class AcademyCommands
{
    public static async Task<int> RunAsync(IServiceProvider services, string[] args, Guid? tenantId, TextWriter output, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        int? Int(string name)
        {
            var i = Array.IndexOf(args, name);
            return i >= 0 && i + 1 < args.Length && int.TryParse(args[i + 1], NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value > 0 ? value : null;
        }

        if (tenantId is not { } tenant)
        {
            error.WriteLine("団体が見つかりません / tenant not found");
            return 1;
        }

        using var scope = services.CreateScope();
        scope.ServiceProvider.GetRequiredService<TenantScope>().Set(tenant);
        var academy = scope.ServiceProvider.GetRequiredService<AcademyService>();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        switch (args)
        {
            case ["academy", "seed", ..]:
            {
                if (await db.Learners.AnyAsync())
                {
                    error.WriteLine("この団体には職員記録があります / the tenant already has staff records");
                    return 1;
                }

                var modules = Int("--modules");
                var json = modules is { } m ? AcademyDemo.SyntheticProgramme(m) : await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "samples", "academy", "programme.json"));
                var problems = await academy.SaveProgrammeAsync(json, new Dictionary<MakerAction, string>(), "operator", CancellationToken.None);
                if (problems.Count > 0)
                {
                    foreach (var p in problems)
                    {
                        error.WriteLine($"{p.Path}: {p.Message.Ja}");
                    }

                    return 1;
                }

                var watch = Stopwatch.StartNew();
                var counts = await AcademyDemo.SeedAsync(db, tenant, AcademyCatalogReader.Read(json).Catalog!, Int("--staff") ?? 2000, academy.Today, seed: 2026, [], CancellationToken.None, allModules: modules is not null);
                output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"seeded {counts.Learners} staff, {counts.Records} learning records, {counts.Completions} completions, {counts.Certificates} certifications, {counts.Skills} skill records in {watch.ElapsedMilliseconds} ms"));
                return 0;
            }

            case ["academy", "dashboard", ..]:
            {
                var rounds = Int("--rounds") ?? 30;
                var (catalog, _) = await academy.ProgrammeAsync(CancellationToken.None);
                var times = new List<double>();
                DashboardFigures? figures = null;
                for (var i = 0; i < rounds + 3; i++)
                {
                    db.ChangeTracker.Clear();
                    var watch = Stopwatch.StartNew();
                    figures = await new AcademyDashboard(db).ComputeAsync(catalog, academy.Today, null, CancellationToken.None);
                    if (i >= 3)
                    {
                        times.Add(watch.Elapsed.TotalMilliseconds); // the first three warm up the JIT and the connection pool
                    }
                }

                times.Sort();
                double Percentile(double p) => times[Math.Min(times.Count - 1, (int)Math.Ceiling(p * times.Count) - 1)];
                var staff = figures!.Tiers.Sum(t => t.Members);
                var records = await db.LearningRecords.CountAsync();
                output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"dashboard over {staff} staff, {catalog!.Modules.Count()} modules, {records} learning records: {rounds} rounds, p50 {Percentile(0.5):0.0} ms, p95 {Percentile(0.95):0.0} ms, max {times[^1]:0.0} ms"));
                output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {figures.Departments.Count} departments, {figures.BehindTotal} behind, {figures.Tiers.Sum(t => t.Certified)} certified"));
                return 0;
            }

            default:
                error.WriteLine("使い方 / usage: academy seed [--tenant S] [--staff N] [--modules M] | academy dashboard [--tenant S] [--rounds N]");
                return 2;
        }
    }
}
