namespace K3Competency.Application.Demo;

/// <summary>Word lists for synthetic but plausible Indonesian people and employers. Any likeness is chance.</summary>
internal static class DemoNames
{
    public static readonly string[] MaleFirst =
    [
        "Agus", "Ahmad", "Andi", "Arif", "Bambang", "Bayu", "Budi", "Dedi", "Dimas", "Eko", "Fajar", "Fauzi",
        "Hadi", "Hendra", "Heru", "Irfan", "Iwan", "Joko", "Kurnia", "Lukman", "Muhammad", "Nanang", "Rizky",
        "Rudi", "Sigit", "Slamet", "Sugeng", "Taufik", "Teguh", "Wahyu", "Yusuf", "Yoga", "Adi", "Aditya",
        "Anton", "Ari", "Asep", "Dani", "Deni", "Eka", "Fikri", "Gilang", "Hari", "Ilham", "Indra", "Jamal",
        "Krisna", "Maulana", "Nur", "Panji", "Rahmat", "Reza", "Ridwan", "Sapto", "Surya", "Tri", "Umar",
        "Wawan", "Yudi", "Zainal",
    ];

    public static readonly string[] FemaleFirst =
    [
        "Siti", "Dewi", "Sri", "Rina", "Wulan", "Ayu", "Fitri", "Indah", "Ratna", "Yuni", "Maya", "Putri",
        "Anisa", "Dian", "Eka", "Endah", "Fajriah", "Hana", "Intan", "Kartika", "Lina", "Mega", "Nadia",
        "Novi", "Nurul", "Rahma", "Retno", "Rini", "Sari", "Tika", "Tuti", "Vina", "Widya", "Yanti", "Zahra",
        "Annisa", "Citra", "Desi", "Erna", "Irma",
    ];

    public static readonly string[] MaleLast =
    [
        "Santoso", "Wijaya", "Saputra", "Pratama", "Hidayat", "Nugroho", "Kurniawan", "Setiawan", "Gunawan",
        "Susanto", "Purnomo", "Rahman", "Hakim", "Syahputra", "Suryadi", "Halim", "Wibowo", "Utomo",
        "Prasetyo", "Firmansyah", "Ramadhan", "Maulana", "Hermawan", "Kusuma", "Permana", "Sulistyo",
        "Nugraha", "Hartono", "Sutrisno", "Wahyudi", "Irawan", "Siswanto", "Hasan", "Fauzan", "Iskandar",
        "Munandar", "Suharto", "Yulianto", "Darmawan", "Effendi",
    ];

    public static readonly string[] FemaleLast =
    [
        "Lestari", "Rahmawati", "Wulandari", "Anggraini", "Puspitasari", "Handayani", "Permatasari", "Susanti",
        "Kusumawati", "Safitri", "Maharani", "Fitriani", "Utami", "Pratiwi", "Wahyuni", "Hasanah", "Nurhayati",
        "Rahayu", "Setyowati", "Oktaviani", "Kurniasih", "Yuliani", "Agustina", "Novitasari", "Purwanti",
    ];

    /// <summary>Family names by province code, for the regions where a family name is the custom.</summary>
    public static readonly Dictionary<string, string[]> RegionalLast = new(StringComparer.Ordinal)
    {
        ["12"] = ["Siregar", "Nasution", "Harahap", "Simanjuntak", "Lubis", "Sinaga", "Hutapea", "Sitompul", "Pardede", "Simatupang", "Tampubolon", "Panjaitan", "Situmorang", "Manurung"],
        ["71"] = ["Lumenta", "Sondakh", "Rondonuwu", "Mandagi", "Wenas", "Pangemanan", "Tumbelaka", "Runtuwene"],
        ["81"] = ["Pattiasina", "Latuconsina", "Tuhuteru", "Sahetapy", "Matulessy", "Latumahina"],
        ["82"] = ["Pattiasina", "Latuconsina", "Tuhuteru", "Sahetapy"],
        ["91"] = ["Rumbiak", "Mansoben", "Kambu", "Yoku", "Rumkorem", "Wanggai"],
        ["92"] = ["Rumbiak", "Mansoben", "Kambu", "Wanggai", "Mandacan"],
        ["93"] = ["Gebze", "Mahuze", "Kaize", "Ndiken"],
        ["94"] = ["Wenda", "Kogoya", "Tabuni", "Magai", "Pigai"],
        ["95"] = ["Wenda", "Kogoya", "Tabuni", "Yikwa", "Murib"],
        ["96"] = ["Mandacan", "Kambu", "Wanggai", "Rumbiak"],
    };

    /// <summary>Balinese birth-order names (province 51).</summary>
    public static readonly string[] BaliMale = ["I Made", "I Wayan", "I Nyoman", "I Ketut", "I Gede", "I Putu", "I Komang", "I Kadek"];

    public static readonly string[] BaliFemale = ["Ni Made", "Ni Wayan", "Ni Nyoman", "Ni Ketut", "Ni Luh", "Ni Putu", "Ni Komang", "Ni Kadek"];

    public static readonly string[] BaliGiven = ["Suarta", "Wirawan", "Sudiarta", "Astawa", "Budiasa", "Darmawan", "Ariani", "Sukerti", "Suryani", "Widiastuti", "Mahendra", "Artini"];

    public static readonly string[] CompanyA =
    [
        "Adhi", "Bumi", "Cahaya", "Dharma", "Eka", "Graha", "Indo", "Jaya", "Karya", "Mitra", "Nusa", "Prima",
        "Sinar", "Tirta", "Wahana", "Samudra", "Bintang", "Mega", "Surya", "Sentra", "Buana", "Citra",
    ];

    public static readonly string[] CompanyB =
    [
        "Baja", "Energi", "Konstruksi", "Kimia", "Logistik", "Tambang", "Daya", "Teknik", "Agro", "Petro",
        "Beton", "Elektrik", "Marine", "Sarana", "Pangan", "Tekstil", "Semen", "Gas", "Farma", "Kargo",
    ];

    public static readonly string[] CompanyC =
    [
        "Persada", "Nusantara", "Abadi", "Utama", "Sejahtera", "Mandiri", "Perkasa", "Lestari", "Sentosa",
        "Makmur", "Indonesia", "Gemilang", "Raya", "Jaya", "Prima",
    ];

    /// <summary>Indonesian mobile prefixes after the leading 08 (Telkomsel, Indosat, XL, Tri, Smartfren).</summary>
    public static readonly string[] MobilePrefixes =
    [
        "11", "12", "13", "21", "22", "23", "51", "52", "53", "14", "15", "16", "55", "56", "57", "58", "17",
        "18", "19", "59", "77", "78", "31", "32", "33", "38", "95", "96", "97", "98", "99", "81", "82", "83",
        "87", "88", "89",
    ];
}
