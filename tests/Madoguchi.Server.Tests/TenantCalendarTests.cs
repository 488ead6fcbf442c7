using Madoguchi.Data;
using Madoguchi.Server.Features.Calendar;
using Madoguchi.Server.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Madoguchi.Server.Tests;

/// <summary>Each organisation's 臨時休業日, 臨時開庁日 and year-end closure: checked, audited, isolated, used at once.</summary>
public sealed class TenantCalendarTests
{
    public static TheoryData<string> Providers => TestServers.Providers;

    private static (AsyncServiceScope Scope, CalendarService Service, TenantCalendars Calendars, AppDbContext Db) Enter(MadoguchiFactory factory, Guid tenantId)
    {
        var scope = factory.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<TenantScope>().Set(tenantId);
        return (scope, scope.ServiceProvider.GetRequiredService<CalendarService>(), scope.ServiceProvider.GetRequiredService<TenantCalendars>(), scope.ServiceProvider.GetRequiredService<AppDbContext>());
    }

    [Theory, MemberData(nameof(Providers))]
    public async Task Extra_closures_and_open_days_change_business_days_for_that_organisation_only(string provider)
    {
        var factory = await TestServers.GetAsync(provider);
        var city = await factory.CreateTenantAsync();
        var other = await factory.CreateTenantAsync();
        var migration = new DateOnly(2027, 3, 10); // a Wednesday
        var saturday = new DateOnly(2027, 3, 13);

        var (scope, service, calendars, db) = Enter(factory, city.Id);
        await using (scope)
        {
            Assert.True((await calendars.GetAsync(db, CancellationToken.None)).IsBusinessDay(migration));
            Assert.Empty(await service.AddAsync(migration, open: false, "システム更新のため臨時休業", "System migration", "staff:test", CancellationToken.None));
            Assert.Empty(await service.AddAsync(saturday, open: true, "確定申告の休日窓口", null, "staff:test", CancellationToken.None));

            var calendar = await calendars.GetAsync(db, CancellationToken.None);
            Assert.False(calendar.IsBusinessDay(migration));
            Assert.True(calendar.IsBusinessDay(saturday));
            Assert.Equal(new DateOnly(2027, 3, 11), calendar.AddBusinessDays(new DateOnly(2027, 3, 9), 1)); // 3/10 skipped
            Assert.Equal(2, await db.AuditRecords.CountAsync(r => r.EntityType == "calendar"));
        }

        (scope, _, calendars, db) = Enter(factory, other.Id);
        await using (scope)
        {
            var calendar = await calendars.GetAsync(db, CancellationToken.None);
            Assert.True(calendar.IsBusinessDay(migration));
            Assert.False(calendar.IsBusinessDay(saturday));
        }
    }

    [Theory, MemberData(nameof(Providers))]
    public async Task Wrong_days_are_refused_with_a_reason_and_nothing_is_saved(string provider)
    {
        var factory = await TestServers.GetAsync(provider);
        var tenant = await factory.CreateTenantAsync();
        var (scope, service, _, db) = Enter(factory, tenant.Id);
        await using (scope)
        {
            async Task<string> Refused(DateOnly date, bool open, string note)
            {
                var problem = Assert.Single(await service.AddAsync(date, open, note, null, "staff:test", CancellationToken.None));
                Assert.False(string.IsNullOrWhiteSpace(problem.Message.Ja));
                Assert.False(string.IsNullOrWhiteSpace(problem.Message.En));
                return problem.Code;
            }

            Assert.Equal("alreadyClosed", await Refused(new DateOnly(2027, 5, 3), open: false, "重複")); // 憲法記念日
            Assert.Equal("alreadyClosed", await Refused(new DateOnly(2027, 3, 14), open: false, "日曜日"));
            Assert.Equal("alreadyOpen", await Refused(new DateOnly(2027, 3, 10), open: true, "平日"));
            Assert.Equal("noteRequired", await Refused(new DateOnly(2027, 3, 10), open: false, " "));
            Assert.Equal("outOfRange", await Refused(new DateOnly(1979, 12, 31), open: false, "古い"));
            Assert.Equal(0, await db.CalendarDays.CountAsync());

            Assert.Empty(await service.AddAsync(new DateOnly(2027, 3, 10), open: false, "臨時休業", null, "staff:test", CancellationToken.None));
            Assert.Equal("duplicateDate", await Refused(new DateOnly(2027, 3, 10), open: false, "もう一度"));
            Assert.Equal(1, await db.CalendarDays.CountAsync());
        }
    }

    [Theory, MemberData(nameof(Providers))]
    public async Task The_year_end_closure_is_on_by_default_and_can_be_turned_off(string provider)
    {
        var factory = await TestServers.GetAsync(provider);
        var tenant = await factory.CreateTenantAsync();
        var yearEndWeekday = new DateOnly(2027, 12, 29); // a Wednesday
        var (scope, service, calendars, db) = Enter(factory, tenant.Id);
        await using (scope)
        {
            Assert.True(await service.YearEndClosureAsync(CancellationToken.None));
            Assert.False((await calendars.GetAsync(db, CancellationToken.None)).IsBusinessDay(yearEndWeekday));

            await service.SetYearEndClosureAsync(false, "staff:test", CancellationToken.None);
            Assert.True((await calendars.GetAsync(db, CancellationToken.None)).IsBusinessDay(yearEndWeekday));
            Assert.False(await db.Tenants.Where(t => t.Id == tenant.Id).Select(t => t.YearEndClosure).SingleAsync());
        }
    }

    [Theory, MemberData(nameof(Providers))]
    public async Task A_new_closure_moves_the_due_dates_of_open_cases_and_new_ones_count_with_it(string provider)
    {
        var factory = await TestServers.GetAsync(provider);
        var tenant = await factory.CreateTenantAsync();
        await TestProcedures.PublishAllTypesAsync(tenant); // 標準処理期間 10 business days
        using var first = await TestProcedures.SubmitAsync(tenant.Api, TestProcedures.AllTypesSlug, TestProcedures.Body(TestProcedures.ValidAnswers()));
        var before = (await TestProcedures.ReadJsonAsync(first))["id"]!.GetValue<Guid>();

        var (scope, service, calendars, db) = Enter(factory, tenant.Id);
        await using (scope)
        {
            var dueBefore = (await db.Applications.AsNoTracking().SingleAsync(a => a.Id == before)).ProcessingDueAt!.Value;
            var calendar = await calendars.GetAsync(db, CancellationToken.None);
            var received = Madoguchi.Core.Cases.CaseClock.JapanDate(DateTime.UtcNow);
            var closure = calendar.AddBusinessDays(calendar.BusinessDayOnOrAfter(received), 3);
            Assert.Empty(await service.AddAsync(closure, open: false, "臨時休業", null, "staff:test", CancellationToken.None));

            var dueAfter = (await db.Applications.AsNoTracking().SingleAsync(a => a.Id == before)).ProcessingDueAt!.Value;
            var moved = await calendars.GetAsync(db, CancellationToken.None);
            Assert.Equal(
                moved.NextBusinessDay(Madoguchi.Core.Cases.CaseClock.JapanDate(dueBefore.AddDays(-1))),
                Madoguchi.Core.Cases.CaseClock.JapanDate(dueAfter.AddDays(-1)));
            Assert.True(dueAfter > dueBefore);

            using var second = await TestProcedures.SubmitAsync(tenant.Api, TestProcedures.AllTypesSlug, TestProcedures.Body(TestProcedures.ValidAnswers()));
            var after = (await TestProcedures.ReadJsonAsync(second))["id"]!.GetValue<Guid>();
            Assert.Equal(dueAfter.Date, (await db.Applications.AsNoTracking().SingleAsync(a => a.Id == after)).ProcessingDueAt!.Value.Date);
        }
    }
}
