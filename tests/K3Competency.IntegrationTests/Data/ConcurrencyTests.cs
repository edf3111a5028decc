using K3Competency.Domain.Entities;
using Microsoft.EntityFrameworkCore;

namespace K3Competency.IntegrationTests.Data;

public sealed class ConcurrencyTests(AppFixture fixture) : IntegrationTest(fixture)
{
    [Fact]
    public async Task Second_of_two_stale_edits_is_refused_by_xmin()
    {
        await using (var setup = Database.CreateDbContext())
        {
            setup.Institutions.Add(new Institution { Code = "LPK-A", Name = "Lembaga A", ProvinceCode = "35", CreatedAt = DateTime.UtcNow });
            await setup.SaveChangesAsync();
        }

        await using var first = Database.CreateDbContext();
        await using var second = Database.CreateDbContext();
        var a = await first.Institutions.SingleAsync(i => i.Code == "LPK-A");
        var b = await second.Institutions.SingleAsync(i => i.Code == "LPK-A");

        a.Name = "Lembaga A (ubah 1)";
        await first.SaveChangesAsync();

        b.Name = "Lembaga A (ubah 2)";
        await Assert.ThrowsAsync<DbUpdateConcurrencyException>(() => second.SaveChangesAsync());

        await using var check = Database.CreateDbContext();
        Assert.Equal("Lembaga A (ubah 1)", (await check.Institutions.SingleAsync(i => i.Code == "LPK-A")).Name);
    }
}
