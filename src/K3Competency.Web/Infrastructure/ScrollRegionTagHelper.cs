using Microsoft.AspNetCore.Razor.TagHelpers;

namespace K3Competency.Web.Infrastructure;

/// <summary>
/// <c>&lt;div class="table-responsive" k3-scroll-region="Daftar peserta"&gt;</c>: a box that scrolls sideways on a phone
/// is reachable and scrollable by keyboard (tabindex, WCAG 2.1.1) and announced by what it holds (a labelled region).
/// </summary>
[HtmlTargetElement("div", Attributes = AttributeName)]
public sealed class ScrollRegionTagHelper : TagHelper
{
    private const string AttributeName = "k3-scroll-region";

    [HtmlAttributeName(AttributeName)]
    public string Label { get; set; } = "";

    public override void Process(TagHelperContext context, TagHelperOutput output)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(Label, AttributeName);
        output.Attributes.SetAttribute("role", "region");
        output.Attributes.SetAttribute("tabindex", "0");
        output.Attributes.SetAttribute("aria-label", Label);
    }
}
