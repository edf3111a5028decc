// Registration form: the NIK hint as it is typed, and the Ahli K3 fields only for that category.
(function () {
  "use strict";
  var form = document.getElementById("registration-form");
  if (!form) { return; }
  var category = form.querySelector("[data-category]");
  var expertOnly = form.querySelectorAll("[data-expert-only]");
  function toggleExpert() {
    var expert = category.value === "AHLI_K3";
    expertOnly.forEach(function (el) { el.classList.toggle("d-none", !expert); });
  }
  category.addEventListener("change", toggleExpert);
  toggleExpert();

  var nik = form.querySelector("#Input_Nik");
  var hint = form.querySelector("[data-nik-hint]");
  var error = form.querySelector("[data-nik-error]");
  var token = form.querySelector("input[name=__RequestVerificationToken]").value;
  var months = ["Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September", "Oktober", "November", "Desember"];
  function setIfEmpty(id, value) {
    var el = form.querySelector("#" + id);
    if (el && !el.value && value) { el.value = value; }
  }
  function lookup() {
    var digits = nik.value.replace(/[^0-9]/g, "");
    if (digits.length !== 16) { hint.textContent = ""; return; }
    var body = new URLSearchParams();
    body.append("Input.Nik", nik.value);
    body.append("__RequestVerificationToken", token);
    fetch(form.getAttribute("data-lookup-url"), { method: "POST", body: body, credentials: "same-origin" })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (data) {
        if (!data) { return; }
        if (!data.valid) { error.textContent = data.error; hint.textContent = ""; return; }
        error.textContent = "";
        var d = data.birthDate.split("-");
        hint.textContent = "Menurut NIK: lahir " + parseInt(d[2], 10) + " " + months[parseInt(d[1], 10) - 1] + " " + d[0] + ", " +
          (data.gender === "P" ? "perempuan" : "laki-laki") + ", " + data.provinceName + "." +
          (data.person ? " Orang ini sudah tercatat; datanya diisikan." : "");
        setIfEmpty("Input_Gender", data.gender);
        setIfEmpty("Input_Province", data.provinceCode);
        if (data.person) {
          setIfEmpty("Input_FullName", data.person.fullName);
          setIfEmpty("Input_Email", data.person.email);
          setIfEmpty("Input_Phone", data.person.phone);
          setIfEmpty("Input_Employer", data.person.employer);
        }
      });
  }
  nik.addEventListener("change", lookup);
  nik.addEventListener("input", function () { if (nik.value.replace(/[^0-9]/g, "").length === 16) { lookup(); } });
})();
