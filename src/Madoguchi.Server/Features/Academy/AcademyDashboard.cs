using Madoguchi.Core.Academy;
using Madoguchi.Data;
using Microsoft.EntityFrameworkCore;

namespace Madoguchi.Server.Features.Academy;

/// <summary>One tier against its plan: members, how many hold the tier's certification, the milestone, hours done and due.</summary>
public sealed record TierFigures(Tier Tier, int Members, int Certified, int? TargetMembers, int? TargetYear, long MinutesDone, long MinutesRequired);

/// <summary>One department: members, certified members (of their own tier's path), hours done and required, how many are behind.</summary>
public sealed record DepartmentFigures(string Department, int Members, int Certified, long MinutesDone, long MinutesRequired, int Behind)
{
    public int Percent => MinutesRequired == 0 ? 100 : (int)Math.Min(100, MinutesDone * 100 / MinutesRequired);
}

public sealed record MonthFigures(int Year, int Month, long Minutes, int Certifications);

/// <summary>A staff member whose credited hours are below what the plan expects of their tier by today.</summary>
public sealed record BehindRow(Guid Id, string EmployeeNumber, string Name, string? Department, string TierId, long Minutes, long ExpectedMinutes);

public sealed record DashboardFigures(
    DateOnly Today,
    IReadOnlyList<TierFigures> Tiers,
    IReadOnlyList<DepartmentFigures> Departments,
    IReadOnlyList<MonthFigures> Months,
    IReadOnlyList<BehindRow> Behind,
    int BehindTotal);

/// <summary>
/// Organisation and department progress against the programme's plan, computed with SQL aggregations (GROUP BY over
/// staff records, completions and certificates) so that 2,000 staff × 50 modules answer quickly. Plan years are
/// fiscal years (年度, April to March): a tier's members are expected to have credited their hours pro rata between
/// the plan's start (1 April of the start year) and the end of the tier's last milestone year.
/// </summary>
public sealed class AcademyDashboard(AppDbContext db)
{
    public const int BehindListSize = 200;

    public async Task<DashboardFigures?> ComputeAsync(AcademyCatalog? catalog, DateOnly today, string? department, CancellationToken cancellationToken)
    {
        if (catalog is null)
        {
            return null;
        }

        department = string.IsNullOrWhiteSpace(department) ? null : department;
        var learners = db.Learners.AsNoTracking();
        var completions = db.ModuleCompletions.AsNoTracking();
        var certificates = db.Certificates.AsNoTracking();

        var members = await learners
            .GroupBy(l => new { l.DepartmentCode, l.TierId })
            .Select(g => new { g.Key.DepartmentCode, g.Key.TierId, Count = g.Count() })
            .ToListAsync(cancellationToken);
        var certified = await (from c in certificates
                               join l in learners on c.LearnerId equals l.Id
                               group c by new { l.DepartmentCode, l.TierId, c.CertificationId } into g
                               select new { g.Key.DepartmentCode, g.Key.TierId, g.Key.CertificationId, Count = g.Count() })
            .ToListAsync(cancellationToken);

        // Per learner: their credited minutes (one GROUP BY over completions); departments and tiers add these up, and
        // who is behind the plan is read from them.
        var perLearner = await completions.GroupBy(c => c.LearnerId).Select(g => new { g.Key, Minutes = g.Sum(c => c.Minutes) })
            .ToDictionaryAsync(x => x.Key, x => (long)x.Minutes, cancellationToken);
        var roster = await learners.Select(l => new { l.Id, l.DepartmentCode, l.TierId }).ToListAsync(cancellationToken);
        var minutes = roster.GroupBy(l => new { l.DepartmentCode, l.TierId })
            .Select(g => new { g.Key.DepartmentCode, g.Key.TierId, Minutes = g.Sum(l => perLearner.GetValueOrDefault(l.Id)) })
            .ToList();
        var expected = catalog.Tiers.ToDictionary(t => t.Id, t => ExpectedMinutes(catalog, t, today), StringComparer.Ordinal);
        var behind = roster
            .Where(l => expected.TryGetValue(l.TierId, out var e) && perLearner.GetValueOrDefault(l.Id) < e)
            .Select(l => (l.Id, l.DepartmentCode, l.TierId, Minutes: perLearner.GetValueOrDefault(l.Id), Expected: expected[l.TierId]))
            .ToList();

        string CertificationOf(string tierId) => catalog.FindTier(tierId)?.PathId is { } p && catalog.FindPath(p) is { } path ? path.Certification.Id : "";
        long RequiredMinutes(string tierId, int count) => (long)Math.Round((catalog.FindTier(tierId)?.RequiredHours ?? 0) * 60m) * count;

        var tiers = catalog.Tiers.Select(t =>
        {
            var (target, year) = Target(catalog, t, today);
            var count = members.Where(m => m.TierId == t.Id).Sum(m => m.Count);
            return new TierFigures(
                t,
                count,
                certified.Where(c => c.TierId == t.Id && c.CertificationId == CertificationOf(t.Id)).Sum(c => c.Count),
                target,
                year,
                minutes.Where(m => m.TierId == t.Id).Sum(m => m.Minutes),
                RequiredMinutes(t.Id, count));
        }).ToList();

        var departments = members.Select(m => m.DepartmentCode ?? "").Distinct().Order(StringComparer.Ordinal)
            .Select(d => new DepartmentFigures(
                d,
                members.Where(m => (m.DepartmentCode ?? "") == d).Sum(m => m.Count),
                certified.Where(c => (c.DepartmentCode ?? "") == d && c.CertificationId == CertificationOf(c.TierId)).Sum(c => c.Count),
                minutes.Where(m => (m.DepartmentCode ?? "") == d).Sum(m => m.Minutes),
                members.Where(m => (m.DepartmentCode ?? "") == d).Sum(m => RequiredMinutes(m.TierId, m.Count)),
                behind.Count(b => (b.DepartmentCode ?? "") == d)))
            .ToList();

        // Trend: hours credited and certifications earned per month, from the plan's start (at most 36 months).
        var from = new DateOnly(Math.Max(catalog.Plan?.StartYear ?? today.Year - 1, today.Year - 3), 4, 1);
        if (from > today)
        {
            from = new DateOnly(today.Year, today.Month, 1).AddMonths(-11);
        }

        // Grouped by day in SQL (the covering index, no date functions), then by month here.
        var dayMinutes = await completions.Where(c => c.On >= from && c.On <= today)
            .GroupBy(c => c.On)
            .Select(g => new { Day = g.Key, Minutes = g.Sum(c => c.Minutes) })
            .ToListAsync(cancellationToken);
        var monthMinutes = dayMinutes.GroupBy(x => (x.Day.Year, x.Day.Month)).Select(g => new { g.Key.Year, g.Key.Month, Minutes = g.Sum(x => (long)x.Minutes) }).ToList();
        var monthCertificates = await certificates.Where(c => c.On >= from && c.On <= today)
            .GroupBy(c => new { c.On.Year, c.On.Month })
            .Select(g => new { g.Key.Year, g.Key.Month, Count = g.Count() })
            .ToListAsync(cancellationToken);
        var months = new List<MonthFigures>();
        for (var m = new DateOnly(from.Year, from.Month, 1); m <= today; m = m.AddMonths(1))
        {
            months.Add(new MonthFigures(
                m.Year,
                m.Month,
                monthMinutes.Where(x => x.Year == m.Year && x.Month == m.Month).Sum(x => x.Minutes),
                monthCertificates.Where(x => x.Year == m.Year && x.Month == m.Month).Sum(x => x.Count)));
        }

        var listed = behind.Where(b => department is null || (b.DepartmentCode ?? "") == department)
            .OrderByDescending(b => b.Expected - b.Minutes).ThenBy(b => b.Id).ToList();
        var top = listed.Take(BehindListSize).ToList();
        var ids = top.Select(b => b.Id).ToList();
        var names = await learners.Where(l => ids.Contains(l.Id)).Select(l => new { l.Id, l.EmployeeNumber, l.Name }).ToDictionaryAsync(l => l.Id, cancellationToken);
        var behindRows = top.Select(b => new BehindRow(b.Id, names[b.Id].EmployeeNumber, names[b.Id].Name, b.DepartmentCode, b.TierId, b.Minutes, b.Expected)).ToList();
        return new DashboardFigures(today, tiers, departments, months, behindRows, listed.Count);
    }

    /// <summary>The minutes a member of <paramref name="tier"/> should have credited by <paramref name="today"/>.</summary>
    public static long ExpectedMinutes(AcademyCatalog catalog, Tier tier, DateOnly today)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(tier);
        var required = (long)Math.Round(tier.RequiredHours * 60m);
        if (catalog.Plan is not { } plan)
        {
            return required;
        }

        var start = new DateOnly(plan.StartYear, 4, 1);
        var lastYear = plan.Milestones.Where(m => m.TierId == tier.Id).Select(m => m.Year).DefaultIfEmpty(plan.TargetYear).Max();
        var end = new DateOnly(lastYear + 1, 3, 31);
        if (today <= start)
        {
            return 0;
        }

        if (today >= end)
        {
            return required;
        }

        return required * (today.DayNumber - start.DayNumber) / (end.DayNumber - start.DayNumber);
    }

    /// <summary>The milestone of the current fiscal year for the tier, or the next one; the last when all have passed.</summary>
    public static (int? Members, int? Year) Target(AcademyCatalog catalog, Tier tier, DateOnly today)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(tier);
        var fiscalYear = today.Month >= 4 ? today.Year : today.Year - 1;
        var milestones = catalog.Plan?.Milestones.Where(m => m.TierId == tier.Id).OrderBy(m => m.Year).ToList() ?? [];
        var milestone = milestones.FirstOrDefault(m => m.Year >= fiscalYear) ?? milestones.LastOrDefault();
        return (milestone?.Members, milestone?.Year);
    }
}
