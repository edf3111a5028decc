using K3Competency.Application.Data.Sql;

namespace K3Competency.UnitTests.Data;

/// <summary>
/// A down migration puts a function back from the versioned file that defined it before (SqlScript.Function); a cut
/// in the wrong place would put back half a function, or two.
/// </summary>
public sealed class SqlScriptTests
{
    [Fact]
    public void A_function_quoted_with_a_tag_is_cut_where_its_own_tag_closes()
    {
        var text = SqlScript.Function("registration_outcomes.v1.sql", "k3_outcome_figures_sql");

        Assert.StartsWith("CREATE OR REPLACE FUNCTION k3_outcome_figures_sql() RETURNS text", text, StringComparison.Ordinal);
        Assert.EndsWith("$sql$ $f$;", text, StringComparison.Ordinal);
        Assert.DoesNotContain("k3_outcome_figures_lock", text, StringComparison.Ordinal);
    }

    [Fact]
    public void A_function_a_later_version_replaced_is_found_and_cut_at_its_end()
    {
        var text = SqlScript.Function("registration_outcomes.v3.sql", "k3_outcomes_after_registrations");

        Assert.StartsWith("CREATE OR REPLACE FUNCTION k3_outcomes_after_registrations() RETURNS trigger", text, StringComparison.Ordinal);
        Assert.EndsWith("END\n$$;", text, StringComparison.Ordinal);
        Assert.DoesNotContain("k3_outcomes_after_participants", text, StringComparison.Ordinal);
    }

    [Fact]
    public void A_function_the_file_does_not_define_is_an_error()
    {
        Assert.Throws<InvalidOperationException>(() => SqlScript.Function("registration_outcomes.v3.sql", "k3_no_such_function"));
    }
}
