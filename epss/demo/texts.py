"""Believable penjelasan texts for the fictional Kota Contoh demo workspace.

Pure data: the demo builder picks the text for an indicator at the level it assigns.
"""

EXPLANATIONS: dict[str, dict[int, str]] = {
    "10101": {
        1: (
            "Penerapan Standar Data Statistik belum merata. Baru Dinas Kesehatan yang memakai "
            "konsep dan definisi baku pada data profil kesehatan, sedangkan OPD lain masih "
            "memakai istilah dan satuan masing-masing, dan belum ada dokumen yang dapat "
            "dilampirkan sebagai bukti."
        ),
        2: (
            "Dinas Kesehatan, Dinas Pendidikan, dan Disdukcapil sudah merujuk konsep dan definisi "
            "BPS pada data yang dihasilkan, tetapi klasifikasi dan satuannya ditentukan sendiri "
            "oleh tiap OPD. Bukti berupa panduan pengumpulan data tiap OPD dan tangkapan layar "
            "SDS pada aplikasi INDAH tahun 2023."
        ),
        3: (
            "Pasal 8 Peraturan Wali Kota Contoh Nomor 12 Tahun 2022 mewajibkan setiap produsen "
            "data memakai SDS, dan pelaksanaannya diatur dalam SOP Penerapan Standar Data "
            "Statistik Nomor 003/SOP/Diskominfo/2023 yang berlaku untuk seluruh OPD. Daftar "
            "konsep, definisi, klasifikasi, dan satuan baku dimuat di portal Satu Data Kota "
            "Contoh."
        ),
        4: (
            "Selain Perwali Nomor 12 Tahun 2022 dan SOP penerapan SDS, Diskominfo selaku walidata "
            "bersama Bappeda mereviu penerapan SDS di seluruh OPD dua kali setahun. Notula reviu "
            "tanggal 15 Juni 2023 dan 7 Desember 2023 mencatat OPD yang masih memakai definisi "
            "tidak baku beserta rekomendasinya."
        ),
        5: (
            "Temuan reviu Desember 2023 sudah ditindaklanjuti: Dinas Sosial dan DPUPR "
            "menyesuaikan definisi dan satuan pada 14 dataset, lalu SOP penerapan SDS direvisi "
            "pada Maret 2024. Laporan tindak lanjut memuat perbandingan metadata sebelum dan "
            "sesudah perbaikan untuk setiap dataset."
        ),
    },
    "10201": {
        1: (
            "Sebagian besar data OPD belum dilengkapi metadata. Hanya beberapa dataset Dinas "
            "Kesehatan yang mencantumkan sumber dan periode data, itu pun belum dalam format "
            "metadata kegiatan, variabel, dan indikator BPS, dan belum ada yang dientri ke "
            "aplikasi INDAH."
        ),
        2: (
            "Metadata kegiatan, variabel, dan indikator sudah disusun Dinas Pendidikan, Dinas "
            "Kesehatan, dan Disdukcapil untuk kegiatan statistiknya, tetapi pengisian dan "
            "pemeriksaannya dilakukan sendiri-sendiri tanpa pedoman bersama. Bukti berupa dokumen "
            "MS-Keg dan MS-Var serta tangkapan layar entri di INDAH tahun 2023."
        ),
        3: (
            "Penyusunan metadata diatur dalam SOP Penyusunan dan Pemeriksaan Metadata Statistik "
            "Nomor 004/SOP/Diskominfo/2023: OPD mengisi format baku BPS, walidata memeriksa "
            "kelengkapannya, lalu metadata dientri ke INDAH. SOP ini berlaku bagi seluruh "
            "produsen data dan dilampirkan bersama rekap metadata 2023."
        ),
        4: (
            "Pelaksanaan SOP metadata direviu setiap semester oleh walidata bersama Bappeda. "
            "Laporan Reviu Metadata Statistik semester I dan II tahun 2023 mencatat tingkat "
            "kelengkapan metadata per OPD serta daftar variabel yang definisinya belum sesuai."
        ),
        5: (
            "Berdasarkan laporan reviu semester II 2023, walidata mendampingi enam OPD "
            "memperbaiki metadata pada Februari sampai Maret 2024 sehingga kelengkapan metadata "
            "naik dari 64 persen menjadi 92 persen. Rekap sebelum dan sesudah perbaikan serta "
            "formulir metadata yang direvisi dilampirkan."
        ),
    },
    "10301": {
        1: (
            "Data OPD umumnya masih dipertukarkan dalam bentuk file Excel atau PDF melalui surat "
            "dan pesan singkat. Belum ada layanan API atau format terbuka yang dapat "
            "dibagipakaikan antarsistem, sehingga belum ada bukti penerapan interoperabilitas."
        ),
        2: (
            "Beberapa OPD membuka akses data antarsistem dengan caranya sendiri: Disdukcapil "
            "menyediakan web service data kependudukan dan Dinas Kesehatan mengekspor data dalam "
            "CSV, tetapi struktur dan penamaan kolomnya berbeda-beda. Bukti berupa tangkapan "
            "layar dokumentasi API dan contoh file yang dibagikan."
        ),
        3: (
            "Pertukaran data antarperangkat daerah mengikuti Pasal 14 Perwali Nomor 12 Tahun 2022 "
            "dan SOP Interoperabilitas Data Nomor 005/SOP/Diskominfo/2023, yang menetapkan format "
            "terbuka CSV dan JSON, struktur kolom baku, dan penyaluran melalui API portal Satu "
            "Data Kota Contoh bagi semua produsen data."
        ),
        4: (
            "Selain interoperabilitas antar-OPD sesuai SOP, pertukaran data dengan sistem "
            "pemerintah pusat dan portal Satu Data provinsi direviu berkala. Notula reviu "
            "interoperabilitas tanggal 22 Agustus 2023 dan 29 Februari 2024 mencatat kendala "
            "sinkronisasi dan rekomendasi perbaikannya."
        ),
        5: (
            "Menindaklanjuti reviu Februari 2024, walidata memperbarui skema API portal ke versi "
            "2 dan menyeragamkan kode wilayah pada setiap endpoint, sehingga sinkronisasi dengan "
            "portal provinsi berjalan otomatis setiap hari. Dokumentasi API sebelum dan sesudah "
            "pembaruan serta log sinkronisasi dilampirkan."
        ),
    },
    "10401": {
        1: (
            "Belum semua OPD memakai kode referensi. Sebagian data masih mencantumkan nama "
            "kecamatan dan kelurahan tanpa kode wilayah, dan penulisan namanya tidak seragam "
            "antardataset, sehingga belum ada bukti yang relevan."
        ),
        2: (
            "Disdukcapil dan Dinas Kesehatan sudah memakai kode wilayah Kemendagri pada data "
            "mentah dan tabel publikasi, sedangkan Dinas Pendidikan masih memakai kode "
            "internalnya sendiri. Bukti berupa tangkapan layar data mentah dan tabel penyajian "
            "dari ketiga OPD tersebut."
        ),
        3: (
            "SOP Penggunaan Kode Referensi dan Data Induk Nomor 006/SOP/Diskominfo/2023 "
            "mewajibkan semua produsen data memakai kode wilayah Kemendagri dan KBLI sesuai "
            "kesepakatan Forum Satu Data Indonesia. Template unggah di portal Satu Data Kota "
            "Contoh menolak data tanpa kode wilayah yang valid."
        ),
        4: (
            "Penggunaan kode referensi sesuai SOP direviu walidata dua kali pada 2023. Laporan "
            "reviu tanggal 12 Juli dan 11 Desember 2023 memuat hasil pemeriksaan kode wilayah dan "
            "KBLI pada 120 dataset beserta daftar ketidaksesuaian per OPD."
        ),
        5: (
            "Setelah pemutakhiran kode wilayah yang disepakati Forum Satu Data Indonesia, "
            "walidata memperbarui tabel referensi portal pada April 2024 dan OPD menyesuaikan 37 "
            "dataset yang masih memakai kode lama. Berita acara pemutakhiran serta tangkapan "
            "layar sebelum dan sesudah penyesuaian dilampirkan."
        ),
    },
    "20101": {
        1: (
            "OPD belum mengidentifikasi apakah data yang dihasilkan sesuai dengan kebutuhan "
            "pengguna. Survei kebutuhan maupun kepuasan pengguna data belum pernah dilakukan, "
            "sehingga belum ada bukti yang dapat dilampirkan."
        ),
        2: (
            "Dinas Kesehatan dan Dinas Pendidikan masing-masing menyebarkan kuesioner kepuasan "
            "kepada pengguna layanan datanya pada 2023 dengan format dan pertanyaan sendiri. "
            "Bukti berupa rekap kuesioner dan notula pembahasan hasilnya di tiap OPD."
        ),
        3: (
            "Identifikasi relevansi dilaksanakan dengan SOP Survei Kebutuhan Data dan Kepuasan "
            "Pengguna Nomor 008/SOP/Diskominfo/2023. Survei memakai kuesioner seragam di portal "
            "Satu Data Kota Contoh untuk seluruh OPD, dan hasilnya direkap walidata dalam Laporan "
            "Survei Kebutuhan Data 2023."
        ),
        4: (
            "Hasil survei kebutuhan dan kepuasan pengguna dibahas dalam reviu berkala oleh "
            "Bappeda dan Diskominfo. Notula reviu 9 Oktober 2023 dan 18 April 2024 membandingkan "
            "data yang dibutuhkan pengguna dengan data yang tersedia dan mencatat kesenjangan per "
            "OPD."
        ),
        5: (
            "Kesenjangan yang ditemukan pada reviu Oktober 2023 ditindaklanjuti dengan penambahan "
            "11 dataset baru, antara lain data stunting per kelurahan dan data anak tidak "
            "sekolah. Indeks kepuasan pengguna naik dari 3,1 menjadi 3,5 pada survei berikutnya; "
            "laporan sebelum dan sesudah dilampirkan."
        ),
    },
    "20102": {
        1: (
            "Kebutuhan data belum diidentifikasi secara terencana. OPD menyusun data berdasarkan "
            "permintaan yang masuk, tanpa daftar kebutuhan data maupun forum pembahasan bersama "
            "pengguna."
        ),
        2: (
            "Tiap OPD menghimpun kebutuhan data dengan caranya sendiri, misalnya Dinas Sosial "
            "melalui rapat dengan pendamping sosial kelurahan dan Dinas Pendidikan melalui "
            "permintaan tertulis dari sekolah. Bukti berupa daftar kebutuhan data, undangan, "
            "daftar hadir, dan notula rapat tahun 2023."
        ),
        3: (
            "Identifikasi kebutuhan data dilakukan setiap tahun mengikuti SOP Penyusunan Daftar "
            "Data Kota Contoh yang ditetapkan Bappeda selaku Koordinator. Semua OPD mengusulkan "
            "kebutuhan melalui formulir baku, dan hasilnya ditetapkan dalam Keputusan Wali Kota "
            "tentang Daftar Data Prioritas Tahun 2024."
        ),
        4: (
            "Proses penyusunan daftar kebutuhan data dievaluasi berkala dalam rapat Forum Satu "
            "Data Kota Contoh. Notula forum tanggal 13 September 2023 dan 26 Maret 2024 mencatat "
            "usulan pengguna yang belum terakomodasi serta evaluasi pelaksanaan SOP."
        ),
        5: (
            "Hasil evaluasi Maret 2024 ditindaklanjuti dengan merevisi formulir usulan agar "
            "mencantumkan tujuan penggunaan dan frekuensi data, serta menambahkan konsultasi "
            "publik daring. Daftar Data Prioritas 2025 disusun dengan formulir baru; perbandingan "
            "formulir lama dan baru dilampirkan."
        ),
    },
    "20201": {
        1: (
            "Belum ada pemeriksaan akurasi data yang terdokumentasi. Data dari OPD langsung "
            "dipakai atau dipublikasikan tanpa validasi sumber, pemeriksaan berkala, maupun "
            "pembandingan dengan data lain."
        ),
        2: (
            "Beberapa OPD memeriksa akurasi datanya sendiri, misalnya Dinas Kesehatan memvalidasi "
            "data imunisasi per puskesmas dan Disdukcapil melakukan pemadanan NIK. Aturan "
            "validasinya berbeda-beda; bukti berupa dokumen aturan validasi dan laporan supervisi "
            "tahun 2023."
        ),
        3: (
            "Pemeriksaan akurasi mengikuti Petunjuk Teknis Pemeriksaan dan Validasi Data Sektoral "
            "yang ditetapkan dengan Keputusan Kepala Diskominfo Nomor 20 Tahun 2023. Semua OPD "
            "melakukan validasi isian, pemeriksaan konsistensi, dan pembandingan dengan sumber "
            "lain sebelum data diserahkan ke walidata."
        ),
        4: (
            "Penerapan juknis pemeriksaan akurasi direviu walidata setiap semester melalui uji "
            "petik pada dataset OPD. Laporan reviu akurasi Juni 2023 dan Desember 2023 memuat "
            "temuan selisih data antarsumber serta rekomendasi perbaikannya."
        ),
        5: (
            "Selisih jumlah penduduk antara data Dinas Kesehatan dan Disdukcapil yang ditemukan "
            "pada reviu Desember 2023 diselesaikan dengan memakai data konsolidasi Disdukcapil "
            "sebagai penyebut bersama. Juknis direvisi pada Maret 2024; tabel selisih sebelum dan "
            "sesudah perbaikan dilampirkan."
        ),
    },
    "20301": {
        1: (
            "Jeda antara periode referensi dan rilis data belum dipantau. Banyak data OPD baru "
            "tersedia lebih dari satu tahun setelah periode pendataan, dan data belum "
            "mencantumkan periode pengumpulan maupun tanggal rilis."
        ),
        2: (
            "Sebagian OPD sudah mencantumkan periode pendataan, pengolahan, dan rilis pada "
            "datanya, misalnya Dinas Pendidikan untuk data per semester dan Dinas Kesehatan untuk "
            "data bulanan. Target waktu rilis ditentukan masing-masing OPD tanpa acuan bersama."
        ),
        3: (
            "SOP Penjaminan Aktualitas Data Nomor 010/SOP/Diskominfo/2023 menetapkan batas waktu "
            "penyerahan data ke walidata, yaitu paling lambat 30 hari setelah periode referensi "
            "untuk data bulanan dan 90 hari untuk data tahunan. Ketentuan ini berlaku bagi "
            "seluruh OPD."
        ),
        4: (
            "Kepatuhan OPD terhadap batas waktu dalam SOP aktualitas dievaluasi walidata setiap "
            "triwulan. Laporan evaluasi aktualitas triwulan III dan IV 2023 menyajikan rata-rata "
            "jeda rilis per OPD serta daftar dataset yang melewati batas waktu."
        ),
        5: (
            "Dari evaluasi triwulan IV 2023, walidata memasang pengingat otomatis di portal dan "
            "Bappeda memasukkan ketepatan penyerahan data ke dalam IKU OPD. Rata-rata jeda rilis "
            "data tahunan turun dari 142 hari menjadi 81 hari; perbandingannya dilampirkan."
        ),
    },
    "20302": {
        1: (
            "Belum ada kalender rilis yang diumumkan kepada pengguna, sehingga ketepatan waktu "
            "diseminasi belum dapat dipantau. OPD merilis data sesuai kesiapan masing-masing "
            "tanpa jadwal yang dipublikasikan."
        ),
        2: (
            "Dinas Kesehatan dan Dinas Pendidikan mengumumkan jadwal terbit publikasinya di laman "
            "masing-masing, tetapi pemantauan ketepatannya belum seragam. Bukti berupa jadwal "
            "terbit 2023 dari kedua OPD dan catatan monitoring internal Dinas Kesehatan."
        ),
        3: (
            "Kalender rilis data seluruh OPD disusun dan diumumkan walidata di portal Satu Data "
            "Kota Contoh mengikuti SOP Penyusunan dan Pemantauan Kalender Rilis Nomor "
            "011/SOP/Diskominfo/2023. Setiap OPD wajib melaporkan realisasi rilisnya kepada "
            "walidata."
        ),
        4: (
            "Realisasi kalender rilis dipantau dan dievaluasi setiap semester. Laporan monitoring "
            "ketepatan rilis semester I dan II 2023 mencatat 78 persen rilis tepat waktu, dan "
            "penyebab keterlambatan dibahas dalam rapat evaluasi tanggal 10 Januari 2024."
        ),
        5: (
            "Hasil evaluasi Januari 2024 ditindaklanjuti dengan menggeser jadwal rilis yang tidak "
            "realistis dan mengirim notifikasi keterlambatan kepada kepala OPD. Ketepatan rilis "
            "triwulan I 2024 naik menjadi 91 persen; kalender sebelum dan sesudah revisi "
            "dilampirkan."
        ),
    },
    "20401": {
        1: (
            "Data statistik OPD belum tersedia secara terbuka bagi pengguna. Permintaan data "
            "dilayani melalui surat ke masing-masing OPD, dan data yang diberikan belum disertai "
            "metadata atau penjelasan cara membacanya."
        ),
        2: (
            "Beberapa OPD menyediakan data di lamannya sendiri, misalnya Profil Kesehatan dan "
            "Statistik Pendidikan dalam bentuk PDF, dengan kelengkapan metadata yang "
            "berbeda-beda. Bukti berupa tangkapan layar laman OPD dan daftar publikasi tahun "
            "2023."
        ),
        3: (
            "Seluruh data OPD disediakan melalui katalog data portal Satu Data Kota Contoh sesuai "
            "SOP Publikasi Data pada Portal Nomor 012/SOP/Diskominfo/2023. Setiap dataset wajib "
            "memuat metadata, sumber, dan catatan interpretasi sebelum ditayangkan."
        ),
        4: (
            "Ketersediaan dan kelengkapan data di portal direviu berkala oleh walidata. Laporan "
            "reviu katalog data Agustus 2023 dan Februari 2024 mencatat dataset yang belum "
            "dimutakhirkan atau belum dilengkapi catatan interpretasi."
        ),
        5: (
            "Setelah reviu Februari 2024, walidata menambahkan panduan membaca data dan "
            "infografik ringkas pada 40 dataset prioritas serta menonaktifkan 12 dataset yang "
            "sudah usang. Tangkapan layar halaman dataset sebelum dan sesudah perbaikan "
            "dilampirkan."
        ),
    },
    "20402": {
        1: (
            "Media penyebarluasan data belum dirancang untuk kemudahan pengguna. Data hanya dapat "
            "diperoleh dengan datang langsung atau bersurat ke OPD, dan belum ada kanal daring "
            "yang aman untuk mengaksesnya."
        ),
        2: (
            "Tiap OPD menyediakan akses data melalui medianya sendiri, seperti laman OPD, akun "
            "media sosial, dan layanan permintaan data lewat WhatsApp. Bukti berupa tangkapan "
            "layar media tersebut dan rekap permintaan data tahun 2023."
        ),
        3: (
            "Akses data diatur dalam SOP Layanan Akses Data Nomor 013/SOP/Diskominfo/2023: portal "
            "Satu Data Kota Contoh menjadi kanal utama dengan sertifikat SSL, pengelolaan hak "
            "akses, dan fitur permintaan data. Ketentuan ini berlaku untuk seluruh OPD."
        ),
        4: (
            "Kemudahan dan keamanan akses portal dievaluasi berkala melalui uji keamanan dan "
            "survei pengguna. Laporan penilaian kerentanan portal Oktober 2023 serta notula "
            "evaluasi layanan akses data tanggal 5 Maret 2024 dilampirkan."
        ),
        5: (
            "Tindak lanjut evaluasi Maret 2024 mencakup tampilan portal yang ramah ponsel, "
            "pencarian dataset menurut topik, dan penutupan dua celah keamanan. Laporan tindak "
            "lanjut memuat hasil uji sebelum dan sesudah perbaikan."
        ),
    },
    "20403": {
        1: (
            "Data OPD sebagian besar masih tersedia dalam format PDF atau gambar yang sulit "
            "diolah ulang oleh pengguna. Belum ada penyediaan data dalam format yang mudah "
            "diekstrak seperti xlsx, csv, atau API."
        ),
        2: (
            "Beberapa OPD, misalnya Dinas Pendidikan dan Disdukcapil, sudah menyediakan data "
            "dalam xlsx dan csv atas permintaan pengguna, sementara OPD lain masih memakai PDF. "
            "Bukti berupa surat permintaan format dari pengguna dan tangkapan layar unduhan di "
            "laman OPD."
        ),
        3: (
            "SOP Publikasi Data pada Portal mewajibkan setiap dataset tersedia minimal dalam "
            "format csv dan xlsx serta dapat diakses melalui API portal Satu Data Kota Contoh. "
            "Ketentuan ini berlaku untuk seluruh produsen data dan terlihat pada fitur unduh "
            "multiformat di portal."
        ),
        4: (
            "Pemenuhan ketentuan format di portal direviu walidata setiap semester. Laporan reviu "
            "Juli 2023 dan Januari 2024 mencatat persentase dataset yang tersedia dalam csv, "
            "xlsx, dan API, beserta masukan pengguna tentang format."
        ),
        5: (
            "Menindaklanjuti masukan dalam reviu Januari 2024, portal menambahkan format JSON dan "
            "GeoJSON untuk data kewilayahan serta mengonversi 25 dataset PDF menjadi tabel. "
            "Tangkapan layar pilihan unduhan sebelum dan sesudah perbaikan dilampirkan."
        ),
    },
    "20501": {
        1: (
            "Keterbandingan data antarwaktu dan antarwilayah belum diperhatikan. Perubahan "
            "definisi atau cara pengumpulan data tidak dicatat, sehingga data beberapa tahun "
            "tidak dapat dibandingkan secara langsung."
        ),
        2: (
            "Dinas Kesehatan dan Dinas Pendidikan sudah menyajikan deret waktu lima tahun dan "
            "perbandingan antarkecamatan, dengan catatan kaki bila metode berubah, tetapi "
            "masing-masing dengan caranya sendiri. Bukti berupa analisis keterbandingan dalam "
            "publikasi 2023."
        ),
        3: (
            "Keterbandingan data diatur dalam Petunjuk Teknis Penyajian Data Deret Waktu dan "
            "Antarwilayah yang menjadi lampiran SOP Publikasi Data pada Portal. Seluruh OPD wajib "
            "mencantumkan catatan perubahan metode dan menyajikan data dengan kode wilayah baku."
        ),
        4: (
            "Penerapan juknis keterbandingan direviu berkala oleh walidata. Laporan reviu Agustus "
            "2023 dan Februari 2024 mengidentifikasi dataset yang deret waktunya terputus akibat "
            "perubahan definisi, beserta rekomendasi penyajian ulang."
        ),
        5: (
            "Berdasarkan reviu Februari 2024, Dinas Sosial dan DPUPR menyajikan ulang data tahun "
            "2019 sampai 2023 dengan definisi yang seragam dan catatan metodologi. Tabel sebelum "
            "dan sesudah penyajian ulang dilampirkan."
        ),
    },
    "20502": {
        1: (
            "Konsistensi data antarsumber belum diperiksa. Angka yang sama, misalnya jumlah "
            "penduduk miskin atau jumlah sekolah, dapat berbeda antara dokumen OPD tanpa ada "
            "penjelasan."
        ),
        2: (
            "Beberapa OPD membandingkan datanya dengan sumber lain secara mandiri, misalnya Dinas "
            "Kesehatan membandingkan jumlah sasaran program dengan proyeksi penduduk BPS. Bukti "
            "berupa lembar analisis konsistensi dan aturan pemeriksaan di masing-masing OPD."
        ),
        3: (
            "Pemeriksaan konsistensi internal, intrasektoral, dan lintas sektor dilakukan sesuai "
            "Juknis Pemeriksaan dan Validasi Data Sektoral 2023 yang berlaku bagi seluruh OPD. "
            "Walidata menjalankan daftar periksa konsistensi sebelum data ditayangkan di portal."
        ),
        4: (
            "Hasil pemeriksaan konsistensi direviu walidata bersama Bappeda dua kali setahun. "
            "Notula reviu 20 Juli 2023 dan 15 Januari 2024 mencatat inkonsistensi lintas sektor, "
            "seperti perbedaan jumlah sekolah antara Dinas Pendidikan dan data kewilayahan."
        ),
        5: (
            "Inkonsistensi yang dicatat pada reviu Januari 2024 diselesaikan dengan menetapkan "
            "satu sumber rujukan untuk 18 indikator lintas OPD melalui Keputusan Kepala Bappeda. "
            "Tabel perbandingan angka sebelum dan sesudah penyelarasan dilampirkan."
        ),
    },
    "30101": {
        1: (
            "Kegiatan statistik yang dinilai belum didahului pendefinisian kebutuhan dan tujuan "
            "yang terdokumentasi. Survei dilaksanakan mengikuti kebiasaan tahun sebelumnya tanpa "
            "kerangka acuan kerja."
        ),
        2: (
            "Setiap kegiatan statistik yang dinilai memiliki kerangka acuan kerja yang memuat "
            "tujuan dan kebutuhan data, misalnya KAK Survei Kepuasan Layanan Kesehatan 2023 dan "
            "KAK Pendataan Sarana Prasarana Sekolah 2023, tetapi format dan isinya disusun "
            "sendiri oleh tiap OPD."
        ),
        3: (
            "Pendefinisian kebutuhan statistik mengikuti Pedoman Tahapan Proses Bisnis Statistik "
            "Kota Contoh yang disusun mengacu pada SBFA dan ditetapkan sebagai SOP Nomor "
            "015/SOP/Diskominfo/2023. Semua OPD memakai template KAK yang sama untuk merumuskan "
            "tujuan, pengguna, dan keluaran kegiatan."
        ),
        4: (
            "Penerapan tahap pendefinisian kebutuhan pada kegiatan statistik dievaluasi walidata "
            "dan Bappeda setiap semester. Laporan reviu proses bisnis statistik Juni 2023 dan "
            "Desember 2023 menilai kelengkapan KAK tiap kegiatan dan memuat rekomendasi."
        ),
        5: (
            "Rekomendasi reviu Desember 2023 diikuti dengan penambahan bagian analisis pengguna "
            "dan keterkaitan dengan indikator RPJMD pada template KAK. KAK kegiatan statistik "
            "2024 sudah memakai template baru; perbandingan KAK 2023 dan 2024 dilampirkan."
        ),
    },
    "30102": {
        1: (
            "Kegiatan statistik yang dinilai belum memiliki rancangan tertulis tentang metode "
            "pengumpulan, cakupan, dan variabel. Desain kegiatan ditentukan secara lisan oleh "
            "pelaksana di OPD."
        ),
        2: (
            "Setiap kegiatan statistik memiliki dokumen desain yang disusun OPD pelaksana, "
            "misalnya desain sampel Survei Kepuasan Layanan Kesehatan dan daftar variabel "
            "Pendataan Rumah Tidak Layak Huni DPUPR, dengan sistematika yang berbeda antar-OPD."
        ),
        3: (
            "Desain kegiatan statistik disusun dengan template baku dalam Pedoman Tahapan Proses "
            "Bisnis Statistik Kota Contoh, mencakup kerangka sampel, metode pengumpulan, dan "
            "definisi variabel. Seluruh OPD pelaksana kegiatan statistik memakai template ini "
            "sejak 2023."
        ),
        4: (
            "Dokumen desain kegiatan statistik direviu berkala oleh walidata dengan pendampingan "
            "BPS Kota Contoh. Notula reviu desain tanggal 8 Mei 2023 dan 4 Maret 2024 mencatat "
            "kelemahan rancangan sampel serta rekomendasi perbaikannya."
        ),
        5: (
            "Sesuai rekomendasi reviu Maret 2024, desain Survei Kepuasan Layanan Kesehatan diubah "
            "dari sampel kuota menjadi sampel acak sistematis per puskesmas, dan ukuran sampelnya "
            "dihitung ulang. Dokumen desain sebelum dan sesudah perubahan dilampirkan."
        ),
    },
    "30103": {
        1: (
            "Instrumen kegiatan statistik yang dinilai dipakai tanpa uji coba. Kuesioner disalin "
            "dari tahun sebelumnya dengan sedikit perubahan, dan belum ada dokumentasi "
            "pengembangan instrumen."
        ),
        2: (
            "OPD menyusun dan menguji coba instrumennya sendiri, misalnya Dinas Sosial menguji "
            "kuesioner pendataan PMKS di dua kelurahan pada Maret 2023. Bukti berupa kuesioner "
            "dan laporan uji coba, dengan tata cara yang berbeda di tiap OPD."
        ),
        3: (
            "Penyusunan dan uji coba instrumen mengikuti Pedoman Tahapan Proses Bisnis Statistik "
            "Kota Contoh, yang mewajibkan uji coba, pencatatan hasil, dan persetujuan walidata "
            "sebelum instrumen dipakai. Semua kegiatan statistik yang dinilai memiliki laporan "
            "uji coba dengan format baku."
        ),
        4: (
            "Pelaksanaan uji coba instrumen dievaluasi walidata setiap semester. Laporan reviu "
            "instrumen Juni dan November 2023 mencatat pertanyaan yang sering disalahpahami "
            "responden serta rekomendasi perbaikan kuesioner."
        ),
        5: (
            "Berdasarkan reviu November 2023, kuesioner Pendataan Sarana Prasarana Sekolah 2024 "
            "disederhanakan dari 86 menjadi 64 pertanyaan dan dialihkan ke formulir elektronik "
            "dengan validasi isian. Kuesioner lama dan baru serta hasil uji coba ulang "
            "dilampirkan."
        ),
    },
    "30201": {
        1: (
            "Pengumpulan data pada kegiatan statistik yang dinilai belum terdokumentasi. Tidak "
            "ada laporan lapangan, jadwal pencacahan, atau catatan pengawasan petugas yang dapat "
            "dilampirkan."
        ),
        2: (
            "Setiap OPD melaporkan pengumpulan datanya sendiri, misalnya laporan pelaksanaan "
            "pendataan RTLH oleh DPUPR dan laporan penarikan data dari sistem informasi puskesmas "
            "oleh Dinas Kesehatan, tanpa ketentuan pelaporan yang seragam."
        ),
        3: (
            "Pengumpulan dan akuisisi data mengikuti Pedoman Tahapan Proses Bisnis Statistik Kota "
            "Contoh, mencakup pelatihan petugas, pengawasan lapangan, dan berita acara serah "
            "terima data. Semua kegiatan statistik yang dinilai memakai format laporan "
            "pengumpulan yang sama."
        ),
        4: (
            "Pelaksanaan pengumpulan data dievaluasi setelah setiap kegiatan dan direkap walidata "
            "setiap semester. Laporan evaluasi pengumpulan data semester I dan II 2023 memuat "
            "tingkat respons, kendala lapangan, dan rekomendasi."
        ),
        5: (
            "Menindaklanjuti rendahnya tingkat respons pada evaluasi semester II 2023, pendataan "
            "RTLH 2024 memakai aplikasi berbasis ponsel dengan titik koordinat dan jadwal "
            "kunjungan ulang. Tingkat respons naik dari 81 menjadi 95 persen; laporan sebelum dan "
            "sesudah dilampirkan."
        ),
    },
    "30301": {
        1: (
            "Pengolahan data masih dilakukan secara manual di lembar kerja tanpa catatan langkah "
            "pengolahan, sehingga proses dari data mentah sampai tabel akhir tidak dapat "
            "ditelusuri."
        ),
        2: (
            "Tiap OPD mendokumentasikan pengolahan datanya sendiri, misalnya Dinas Kesehatan "
            "dengan catatan tahapan entri dan penyuntingan, dan Disdukcapil dengan skrip "
            "pengolahan di basis datanya. Bukti berupa laporan pengolahan tiap kegiatan tahun "
            "2023."
        ),
        3: (
            "Tahapan pengolahan, yaitu penyuntingan, penyandian, entri, validasi, dan tabulasi, "
            "dibakukan dalam Pedoman Tahapan Proses Bisnis Statistik Kota Contoh. Semua OPD "
            "pelaksana kegiatan statistik mengikuti tahapan dan format log pengolahan yang sama."
        ),
        4: (
            "Pengolahan data direviu berkala oleh walidata melalui pemeriksaan log pengolahan dan "
            "uji ulang tabulasi. Laporan reviu pengolahan Juli 2023 dan Januari 2024 mencatat "
            "kesalahan penyandian beserta rekomendasinya."
        ),
        5: (
            "Kesalahan penyandian yang ditemukan pada reviu Januari 2024 diatasi dengan aturan "
            "validasi otomatis di formulir entri dan tabel kode baku yang dipakai bersama. Log "
            "pengolahan sebelum dan sesudah perbaikan dilampirkan."
        ),
    },
    "30302": {
        1: (
            "Data hasil kegiatan statistik yang dinilai hanya disajikan dalam tabel tanpa "
            "analisis. Belum ada laporan yang menafsirkan hasil atau membandingkannya dengan "
            "periode sebelumnya."
        ),
        2: (
            "OPD menyusun analisis hasil kegiatannya sendiri, seperti analisis capaian SPM bidang "
            "kesehatan dan analisis angka partisipasi sekolah, dengan kedalaman dan format yang "
            "berbeda-beda. Bukti berupa laporan analisis tiap kegiatan tahun 2023."
        ),
        3: (
            "Analisis data mengikuti ketentuan dalam Pedoman Tahapan Proses Bisnis Statistik Kota "
            "Contoh, yang mengatur struktur laporan analisis, penyajian tren, dan pemeriksaan "
            "hasil sebelum rilis. Pedoman ini dipakai oleh semua OPD pelaksana kegiatan "
            "statistik."
        ),
        4: (
            "Laporan analisis kegiatan statistik direviu berkala oleh Bappeda bersama walidata. "
            "Notula reviu tanggal 27 September 2023 dan 21 Maret 2024 memuat catatan atas "
            "ketepatan interpretasi dan kelengkapan analisis setiap laporan."
        ),
        5: (
            "Sesuai rekomendasi reviu Maret 2024, laporan analisis kini dilengkapi rincian per "
            "kecamatan dan ringkasan kebijakan untuk pimpinan. Laporan analisis 2023 dan 2024 "
            "dilampirkan sebagai perbandingan sebelum dan sesudah perbaikan."
        ),
    },
    "30401": {
        1: (
            "Diskominfo selaku walidata belum mendiseminasikan data statistik kepada pengguna. "
            "Penyebaran data masih dilakukan sendiri oleh masing-masing OPD melalui laman dan "
            "dokumen perencanaannya."
        ),
        2: (
            "Diskominfo selaku walidata sudah mendiseminasikan data melalui portal dan media "
            "sosial, tetapi bentuk dan jadwalnya mengikuti ketentuan tiap OPD produsen data. "
            "Bukti berupa laporan diseminasi walidata tahun 2023."
        ),
        3: (
            "Diseminasi oleh walidata dilaksanakan sesuai SOP Diseminasi Data Statistik Nomor "
            "016/SOP/Diskominfo/2023 yang berlaku untuk data seluruh OPD, meliputi rilis di "
            "portal, buku Statistik Sektoral Kota Contoh 2023, dan infografik."
        ),
        4: (
            "Pelaksanaan SOP diseminasi direviu berkala oleh walidata. Laporan evaluasi "
            "diseminasi semester I dan II 2023 memuat jumlah kunjungan, unduhan, dan sebaran "
            "kanal, serta masukan dari pengguna."
        ),
        5: (
            "Hasil evaluasi 2023 ditindaklanjuti dengan rilis data tematik bulanan dan buletin "
            "statistik sektoral digital mulai Maret 2024. Statistik kunjungan dan unduhan sebelum "
            "dan sesudah perubahan dilampirkan."
        ),
    },
    "40101": {
        1: (
            "Informasi tentang kegiatan statistik, seperti sumber data, metode, dan jadwal rilis, "
            "belum dibuka kepada masyarakat. Daftar informasi publik PPID belum memuat program "
            "kerja statistik."
        ),
        2: (
            "Sebagian OPD membuka metadata kegiatan dan program kerja statistiknya melalui PPID "
            "pembantu masing-masing, dengan isi dan format yang beragam. Bukti berupa tangkapan "
            "layar laman PPID Dinas Kesehatan dan Dinas Pendidikan."
        ),
        3: (
            "Keterbukaan informasi statistik diatur dalam Perwali Nomor 12 Tahun 2022 dan SOP "
            "Layanan Informasi Statistik Nomor 017/SOP/Diskominfo/2023: metadata kegiatan, "
            "metodologi, dan jadwal rilis semua OPD wajib diumumkan melalui portal dan PPID Kota "
            "Contoh."
        ),
        4: (
            "Penerapan keterbukaan informasi statistik direviu berkala bersama PPID Utama. Notula "
            "reviu tanggal 16 Agustus 2023 dan 19 Februari 2024 mencatat OPD yang belum "
            "mengumumkan metodologi serta hasil monitoring layanan informasi."
        ),
        5: (
            "Setelah reviu Februari 2024, halaman setiap dataset di portal dilengkapi tautan "
            "metodologi dan jadwal rilis, dan daftar informasi publik PPID diperbarui. Tangkapan "
            "layar sebelum dan sesudah perbaikan dilampirkan."
        ),
    },
    "40102": {
        1: (
            "Pemilihan sumber data dan metodologi belum didokumentasikan, dan data belum dirilis "
            "menurut jadwal yang diumumkan, sehingga objektivitasnya belum dapat ditunjukkan "
            "dengan bukti."
        ),
        2: (
            "Sebagian OPD mendokumentasikan alasan pemilihan sumber data dan metodologi, misalnya "
            "Dinas Kesehatan merujuk pedoman kementerian teknis, dan mengumumkan jadwal rilis di "
            "lamannya. Caranya belum seragam antar-OPD."
        ),
        3: (
            "Prinsip netralitas diatur dalam SOP Penetapan Sumber Data dan Metodologi Nomor "
            "018/SOP/Diskominfo/2023: pemilihan metode wajib merujuk standar nasional atau "
            "internasional, dicatat dalam metadata, dan rilis dilakukan serentak kepada publik "
            "sesuai kalender."
        ),
        4: (
            "Penerapan SOP sumber data dan metodologi direviu berkala oleh walidata bersama BPS "
            "Kota Contoh. Laporan reviu Oktober 2023 dan April 2024 menilai kesesuaian metodologi "
            "dengan standar rujukan dan kepatuhan rilis terhadap jadwal."
        ),
        5: (
            "Menindaklanjuti reviu April 2024, dua indikator yang memakai metode hitung buatan "
            "sendiri diganti dengan metode standar nasional, dan rilis data tidak lagi didahului "
            "paparan internal kepada pimpinan OPD. Dokumen sebelum dan sesudah perubahan "
            "dilampirkan."
        ),
    },
    "40103": {
        1: (
            "Belum ada komitmen atau tim yang menjamin kualitas data, dan informasi kualitas data "
            "belum disampaikan kepada pengguna. Pemeriksaan kualitas masih bergantung pada "
            "ketelitian masing-masing petugas."
        ),
        2: (
            "Beberapa OPD telah membentuk tim pemeriksa kualitas data dengan surat tugas kepala "
            "OPD, misalnya Dinas Kesehatan dan Disdukcapil, tetapi cakupan dan tahapannya "
            "berbeda-beda. Bukti berupa surat tugas dan dokumen komitmen kualitas."
        ),
        3: (
            "Kebijakan penjaminan kualitas data ditetapkan melalui Keputusan Wali Kota Contoh "
            "Nomor 188/215/2023 tentang Tim Penjaminan Kualitas Data, dengan quality gates pada "
            "tahap pengumpulan, pengolahan, dan diseminasi yang berlaku untuk seluruh OPD."
        ),
        4: (
            "Pelaksanaan quality gates dievaluasi tim penjaminan kualitas setiap semester. "
            "Laporan penjaminan kualitas semester I dan II 2023 memuat skor kualitas tiap dataset "
            "dan catatan kualitas yang disampaikan kepada pengguna."
        ),
        5: (
            "Setelah evaluasi semester II 2023, setiap dataset di portal diberi label status "
            "kualitas dan catatan keterbatasan data, dan quality gate pemeriksaan metadata "
            "ditambahkan. Contoh halaman dataset sebelum dan sesudah perbaikan dilampirkan."
        ),
    },
    "40104": {
        1: (
            "Perlindungan kerahasiaan data individu belum diatur. Data mentah yang memuat NIK dan "
            "alamat masih dibagikan antarpegawai melalui surel dan flashdisk tanpa anonimisasi."
        ),
        2: (
            "Beberapa OPD sudah menganonimkan data individu sebelum dibagikan dengan caranya "
            "sendiri, misalnya Dinas Sosial menyamarkan NIK pada data penerima bantuan. Bukti "
            "berupa tangkapan layar data yang dianonimkan dan dokumen manajemen risiko "
            "Disdukcapil."
        ),
        3: (
            "Kerahasiaan data diatur dalam SOP Pengamanan dan Anonimisasi Data Individu Nomor "
            "019/SOP/Diskominfo/2023 yang berlaku untuk seluruh OPD, mencakup pembatasan hak "
            "akses, enkripsi penyimpanan, dan larangan publikasi data individu."
        ),
        4: (
            "Penerapan SOP kerahasiaan data diaudit berkala oleh tim keamanan informasi "
            "Diskominfo. Laporan audit keamanan informasi November 2023 dan Mei 2024 beserta "
            "register risiko kerahasiaan data dilampirkan."
        ),
        5: (
            "Temuan audit November 2023 ditindaklanjuti dengan autentikasi dua faktor di server "
            "data dan penggantian pengiriman file lewat surel dengan folder bersama berizin. "
            "Laporan tindak lanjut membandingkan kondisi sebelum dan sesudah perbaikan."
        ),
    },
    "40201": {
        1: (
            "Belum semua OPD memiliki pegawai dengan kompetensi statistik. Belum ada jabatan "
            "fungsional statistisi, dan pengelola data umumnya berlatar belakang administrasi "
            "tanpa pelatihan statistik."
        ),
        2: (
            "Kebutuhan pegawai bidang statistik sudah dihitung dalam analisis beban kerja "
            "beberapa OPD, dan tiga pegawai berlatar pendidikan statistika ditugaskan sebagai "
            "pengelola data di Bappeda, Dinas Kesehatan, dan Diskominfo. Bukti berupa dokumen "
            "ABK, ijazah, dan surat tugas."
        ),
        3: (
            "Kebutuhan SDM statistik telah terpenuhi melalui pengangkatan enam pejabat fungsional "
            "statistisi dan diklat statistik dasar dari Pusdiklat BPS bagi pengelola data di "
            "semua OPD produsen data. Bukti berupa SK pengangkatan statistisi dan sertifikat "
            "diklat 2023."
        ),
        4: (
            "Kompetensi SDM statistik dinilai berkala melalui uji kompetensi dan analisis "
            "kebutuhan pelatihan oleh BKPSDM bersama walidata. Laporan evaluasi kompetensi "
            "Desember 2023 dan Mei 2024 memuat pemetaan kesenjangan kompetensi per OPD."
        ),
        5: (
            "Kesenjangan kompetensi dari evaluasi Desember 2023 ditindaklanjuti dengan pelatihan "
            "analisis data bagi 24 pegawai dan penambahan formasi statistisi dalam usulan "
            "kebutuhan ASN 2024. Peta kompetensi sebelum dan sesudah pelatihan dilampirkan."
        ),
    },
    "40202": {
        1: (
            "Belum semua OPD memiliki pegawai dengan kompetensi manajemen data. Pengelolaan basis "
            "data dan portal masih bergantung pada tenaga kontrak tanpa pelatihan khusus."
        ),
        2: (
            "Sebagian OPD telah menghitung kebutuhan pranata komputer dalam ABK dan menugaskan "
            "pegawai berlatar teknik informatika sebagai pengelola data, sesuai perencanaan "
            "masing-masing. Bukti berupa dokumen anjab, ijazah, dan surat tugas."
        ),
        3: (
            "Kompetensi manajemen data terpenuhi dengan adanya pejabat fungsional pranata "
            "komputer di Diskominfo dan pengelola data bersertifikat pelatihan manajemen data di "
            "setiap OPD produsen data. Bukti berupa SK jabatan fungsional dan sertifikat "
            "pelatihan 2023."
        ),
        4: (
            "Kompetensi pengelola data dinilai dan dievaluasi berkala oleh Diskominfo dan BKPSDM. "
            "Laporan evaluasi kompetensi manajemen data November 2023 dan Mei 2024 memuat hasil "
            "asesmen dan rencana pengembangan tiap pegawai."
        ),
        5: (
            "Hasil evaluasi November 2023 ditindaklanjuti dengan pelatihan tata kelola basis data "
            "dan keamanan data bagi 18 pengelola data serta sertifikasi kompetensi bagi lima "
            "pranata komputer. Rekap asesmen sebelum dan sesudah pelatihan dilampirkan."
        ),
    },
    "40301": {
        1: (
            "Belum ada kolaborasi antar-OPD dalam kegiatan statistik. Setiap OPD menjalankan "
            "pendataan sendiri tanpa koordinasi dengan walidata maupun dengan OPD lain."
        ),
        2: (
            "Koordinasi antara walidata dan produsen data sudah berjalan melalui grup WhatsApp "
            "walidata pendukung Kota Contoh, tetapi belum ada tim yang dibentuk secara resmi. "
            "Bukti berupa tangkapan layar percakapan koordinasi pengumpulan data tahun 2023."
        ),
        3: (
            "Kolaborasi dijalankan Tim Pelaksana Satu Data Kota Contoh yang dibentuk dengan "
            "Keputusan Kepala Diskominfo Nomor 30 Tahun 2023. Undangan, daftar hadir, dan notula "
            "rapat koordinasi tim sepanjang 2023 dilampirkan."
        ),
        4: (
            "Kolaborasi dikoordinasikan langsung oleh Wali Kota melalui Keputusan Wali Kota "
            "Contoh Nomor 050/88/2023 tentang Forum Satu Data Kota Contoh, dengan Sekda sebagai "
            "pengarah. Pelaksanaannya direviu dalam rapat tanggal 14 Desember 2023 dan 16 Mei "
            "2024."
        ),
        5: (
            "Hasil reviu Desember 2023 ditindaklanjuti dengan memperbarui susunan tim agar "
            "seluruh OPD produsen data terwakili dan menetapkan jadwal rapat bulanan. Keputusan "
            "lama dan keputusan perubahan tahun 2024 dilampirkan sebagai perbandingan."
        ),
    },
    "40302": {
        1: (
            "Diskominfo selaku walidata dan walidata pendukung di OPD belum pernah terlibat dalam "
            "Forum Satu Data Indonesia, baik di tingkat kota maupun provinsi, sehingga belum ada "
            "undangan atau notula yang dapat dilampirkan."
        ),
        2: (
            "Walidata dan walidata pendukung mengikuti Forum Satu Data Indonesia tingkat kota "
            "pada 12 April 2023 dan tingkat provinsi pada 24 Agustus 2023. Bukti berupa undangan, "
            "daftar hadir, dan notula forum."
        ),
        3: (
            "Rencana aksi yang disepakati dalam Forum Satu Data Kota Contoh 2023, yaitu penetapan "
            "daftar data, penyusunan metadata, dan integrasi portal, telah dilaksanakan. Laporan "
            "pelaksanaan rencana aksi Satu Data 2023 dilampirkan."
        ),
        4: (
            "Rencana aksi Satu Data dijalankan bersama walidata provinsi dan BPS Kota Contoh "
            "selaku pembina data, antara lain pendampingan metadata dan integrasi portal ke Satu "
            "Data provinsi. Bukti berupa notula kolaborasi dan naskah perjanjian kerja sama."
        ),
        5: (
            "Pelaksanaan rencana aksi direviu dan dievaluasi dalam Forum Satu Data Desember 2023, "
            "dan hasilnya ditindaklanjuti dengan revisi rencana aksi 2024 yang menambah target "
            "metadata dan interoperabilitas. Laporan evaluasi dan dokumen tindak lanjut "
            "dilampirkan."
        ),
    },
    "40303": {
        1: (
            "Belum ada kolaborasi pengembangan data dengan BPS Kota Contoh. Komunikasi dengan BPS "
            "hanya terjadi ketika OPD meminta data publikasi untuk keperluan laporan."
        ),
        2: (
            "Konsultasi dengan BPS Kota Contoh berjalan secara informal melalui percakapan "
            "WhatsApp antara pengelola data dan statistisi BPS, misalnya tentang definisi "
            "indikator. Bukti berupa tangkapan layar percakapan tahun 2023."
        ),
        3: (
            "Kolaborasi dengan BPS Kota Contoh dilaksanakan secara formal melalui surat "
            "permohonan pembinaan statistik sektoral dan perjanjian kerja sama tanggal 3 Maret "
            "2023. Undangan, daftar hadir, dan notula kegiatan pembinaan dilampirkan."
        ),
        4: (
            "Kolaborasi dengan BPS direviu berkala dalam rapat evaluasi pembinaan statistik "
            "sektoral tanggal 11 Oktober 2023 dan 2 April 2024. Notula memuat capaian pembinaan "
            "dan kendala yang perlu ditindaklanjuti."
        ),
        5: (
            "Menindaklanjuti evaluasi Oktober 2023, pembinaan bersama BPS diubah menjadi klinik "
            "statistik bulanan per OPD dengan target yang terukur. Jadwal dan laporan pembinaan "
            "sebelum dan sesudah perubahan dilampirkan."
        ),
    },
    "40304": {
        1: (
            "Walidata belum ditetapkan secara resmi. Pengumpulan dan pengelolaan data masih "
            "dilakukan Bappeda dan OPD tanpa pembagian peran yang jelas, dan belum ada dokumen "
            "penetapan walidata."
        ),
        2: (
            "Diskominfo ditetapkan sebagai walidata melalui Pasal 5 Perwali Nomor 12 Tahun 2022 "
            "beserta rincian tugasnya, tetapi baru tugas penyebarluasan data di portal yang "
            "berjalan. Pemeriksaan data dari produsen dan pendampingan OPD belum dilaksanakan."
        ),
        3: (
            "Seluruh tugas walidata telah berjalan: pengumpulan data dari OPD melalui portal, "
            "pemeriksaan kesesuaian dengan prinsip Satu Data Indonesia, penyebarluasan di portal "
            "Satu Data Kota Contoh, dan pendampingan produsen data. Bukti berupa berita acara "
            "pemeriksaan data dan laporan pendampingan 2023."
        ),
        4: (
            "Tugas walidata dijalankan terpadu dengan semua produsen data melalui Forum Satu Data "
            "Kota Contoh dan direviu berkala. Notula forum serta laporan evaluasi kinerja "
            "walidata Desember 2023 dan Mei 2024 dilampirkan."
        ),
        5: (
            "Evaluasi kinerja walidata Desember 2023 ditindaklanjuti dengan penambahan fitur "
            "pemeriksaan otomatis di portal dan penunjukan walidata pendukung di setiap OPD. "
            "Laporan kinerja walidata sebelum dan sesudah perbaikan dilampirkan."
        ),
    },
    "50101": {
        1: (
            "OPD belum memakai statistik dasar hasil BPS dalam dokumen perencanaan dan evaluasi. "
            "Target program masih ditetapkan tanpa merujuk data IPM, kemiskinan, atau pertumbuhan "
            "ekonomi."
        ),
        2: (
            "Beberapa OPD memakai data BPS untuk keperluannya sendiri, misalnya Dinas Sosial "
            "memakai data kemiskinan dalam Renstra dan Dinas Kesehatan memakai proyeksi penduduk "
            "untuk sasaran program. Bukti berupa kutipan Renstra dan laporan kinerja OPD 2023."
        ),
        3: (
            "Statistik dasar BPS dipakai bersama oleh OPD dan walidata untuk kepentingan "
            "pemerintah kota, antara lain dalam RKPD 2024 dan LPPD 2023. Walidata menghimpun data "
            "BPS dalam satu tabel rujukan di portal; notula koordinasi penggunaan data "
            "dilampirkan."
        ),
        4: (
            "Penggunaan statistik dasar dalam perencanaan dikoordinasikan dengan BPS Kota Contoh, "
            "termasuk konsultasi angka IPM dan kemiskinan untuk RKPD 2025. Penggunaannya direviu "
            "dalam rapat evaluasi tanggal 6 November 2023 dan 22 Februari 2024."
        ),
        5: (
            "Reviu Februari 2024 menemukan beberapa dokumen masih memakai angka BPS yang sudah "
            "diperbarui; sejak itu tabel rujukan di portal dimutakhirkan setiap ada rilis BPS dan "
            "Bappeda memeriksa sumber data setiap rancangan dokumen. Contoh dokumen sebelum dan "
            "sesudah perbaikan dilampirkan."
        ),
    },
    "50102": {
        1: (
            "OPD belum memakai data statistik sektoral dalam perencanaan, monitoring, atau "
            "penyusunan kebijakan. Dokumen perencanaan umumnya tidak mencantumkan sumber data "
            "sektoral yang dipakai."
        ),
        2: (
            "Tiap OPD memakai data sektoralnya sendiri untuk kepentingan internal, misalnya data "
            "RTLH DPUPR untuk program perbaikan rumah dan data imunisasi untuk evaluasi program "
            "kesehatan. Bukti berupa Renja dan laporan kinerja OPD 2023."
        ),
        3: (
            "Data statistik sektoral dari walidata dipakai bersama untuk kepentingan pemerintah "
            "kota, misalnya dalam LPPD 2023 dan RKPD 2024 yang angkanya merujuk portal Satu Data "
            "Kota Contoh. Notula koordinasi Bappeda dan walidata dilampirkan."
        ),
        4: (
            "Penggunaan data sektoral untuk perencanaan dikoordinasikan dengan BPS Kota Contoh "
            "dan mengikuti rekomendasinya, termasuk untuk indikator TPB/SDGs daerah. "
            "Penggunaannya direviu dalam rapat evaluasi tanggal 6 November 2023 dan 22 Februari "
            "2024."
        ),
        5: (
            "Tindak lanjut reviu Februari 2024 berupa penyusunan matriks indikator RPJMD beserta "
            "sumber data sektoralnya dan penetapan data dasar untuk 9 indikator yang sebelumnya "
            "kosong. Matriks sebelum dan sesudah perbaikan dilampirkan."
        ),
    },
    "50103": {
        1: (
            "Belum ada kegiatan sosialisasi data atau literasi statistik bagi masyarakat maupun "
            "pegawai. Pengguna umumnya tidak mengetahui data apa saja yang tersedia di OPD."
        ),
        2: (
            "Beberapa OPD mengadakan sosialisasi datanya sendiri, seperti webinar data kesehatan "
            "oleh Dinas Kesehatan dan pojok data di perpustakaan daerah. Bukti berupa undangan, "
            "foto, dan laporan kegiatan tahun 2023."
        ),
        3: (
            "Sosialisasi dan literasi data dilaksanakan sesuai SOP Sosialisasi dan Literasi Data "
            "Statistik Nomor 020/SOP/Diskominfo/2023, dengan agenda tahunan bersama untuk semua "
            "OPD, seperti Kelas Data dan pojok statistik di mal pelayanan publik."
        ),
        4: (
            "Kegiatan sosialisasi dan literasi data dievaluasi berkala melalui pretest, posttest, "
            "dan umpan balik peserta. Laporan evaluasi semester I dan II 2023 serta notula rapat "
            "evaluasi tanggal 12 Januari 2024 dilampirkan."
        ),
        5: (
            "Sesuai hasil evaluasi Januari 2024, materi Kelas Data dibagi menurut jenjang "
            "pengguna dan ditambah sesi praktik membaca tabel. Rata-rata nilai posttest peserta "
            "naik dari 62 menjadi 78; laporan sebelum dan sesudah perubahan dilampirkan."
        ),
    },
    "50201": {
        1: (
            "Rancangan kegiatan statistik OPD belum diberitahukan kepada BPS, sehingga kegiatan "
            "statistik yang dinilai belum memiliki rekomendasi. Sebagian OPD belum mengetahui "
            "kewajiban tersebut."
        ),
        2: (
            "Sebagian OPD mengirimkan rancangan kegiatan statistiknya ke BPS Kota Contoh dengan "
            "surat masing-masing, misalnya Dinas Kesehatan untuk Survei Kepuasan Layanan "
            "Kesehatan 2023. Bukti berupa surat pengantar dan tanda terima rancangan."
        ),
        3: (
            "Pemberitahuan rancangan kegiatan statistik dikoordinasikan walidata melalui Romantik "
            "Online sesuai SOP Pengajuan Rekomendasi Kegiatan Statistik. Semua kegiatan statistik "
            "yang dinilai telah memperoleh surat rekomendasi BPS, dan nomor rekomendasinya "
            "tercantum pada kuesioner."
        ),
        4: (
            "Pelaksanaan rekomendasi BPS direviu walidata bersama BPS Kota Contoh pada Oktober "
            "2023 dan April 2024. Laporan reviu memuat kesesuaian pelaksanaan kegiatan dengan "
            "rekomendasi, misalnya penyesuaian metode sampel dan jadwal lapangan."
        ),
        5: (
            "Hasil reviu Oktober 2023 ditindaklanjuti dengan memasukkan daftar periksa "
            "rekomendasi BPS ke dalam KAK setiap kegiatan statistik dan memperbaiki kuesioner "
            "yang belum mengikuti rekomendasi. Dokumen sebelum dan sesudah perbaikan dilampirkan."
        ),
    },
    "50301": {
        1: (
            "Kota Contoh belum memiliki rencana pembangunan statistik sektoral atau rencana aksi "
            "Satu Data yang ditetapkan. Kegiatan statistik masih direncanakan terpisah di setiap "
            "OPD."
        ),
        2: (
            "Rencana Aksi Satu Data Kota Contoh 2023 sampai 2026 telah disusun Bappeda dan "
            "ditetapkan dengan Keputusan Wali Kota Contoh Nomor 050/41/2023, tetapi "
            "pelaksanaannya belum dimulai. Keputusan beserta lampiran rencana aksi dilampirkan."
        ),
        3: (
            "Rencana Aksi Satu Data Kota Contoh yang ditetapkan pada 2023 telah dijalankan, "
            "antara lain penyusunan daftar data, pengembangan portal, dan pelatihan walidata "
            "pendukung. Laporan capaian rencana aksi tahun 2023 dilampirkan."
        ),
        4: (
            "Pelaksanaan rencana aksi direviu dan dievaluasi bersama BPS Kota Contoh selaku "
            "pembina data. Notula reviu bersama BPS tanggal 30 November 2023 dan 28 Mei 2024 "
            "memuat capaian, kendala, dan rekomendasi."
        ),
        5: (
            "Rekomendasi reviu November 2023 ditindaklanjuti dengan revisi rencana aksi 2024 yang "
            "menambah target penerapan metadata dan pemanfaatan data untuk penyusunan RPJMD. "
            "Rencana aksi sebelum dan sesudah revisi dilampirkan."
        ),
    },
    "50302": {
        1: (
            "Belum semua OPD menyebarluaskan datanya kepada publik. Sebagian data hanya dipakai "
            "untuk keperluan internal dan untuk laporan kepada instansi vertikal."
        ),
        2: (
            "Tiap OPD menyebarluaskan datanya sendiri melalui laman OPD, media sosial, atau buku "
            "profil tahunan, tanpa melalui walidata. Bukti berupa tangkapan layar laman dan "
            "publikasi OPD tahun 2023."
        ),
        3: (
            "Penyebarluasan data dilakukan satu pintu oleh Diskominfo selaku walidata melalui "
            "portal Satu Data Kota Contoh di data.contohkota.go.id. Tangkapan layar portal yang "
            "memuat data dari seluruh OPD dilampirkan."
        ),
        4: (
            "Portal Satu Data Kota Contoh telah terhubung dengan portal Satu Data Indonesia "
            "(data.go.id) melalui API sejak Juli 2023, dan penyebarluasannya direviu berkala. "
            "Bukti berupa tangkapan layar dataset kota di data.go.id serta laporan reviu Desember "
            "2023 dan Mei 2024."
        ),
        5: (
            "Hasil reviu Desember 2023 ditindaklanjuti dengan sinkronisasi otomatis harian ke "
            "data.go.id dan penambahan alat analisis visual di portal. Tangkapan layar dan "
            "statistik sinkronisasi sebelum dan sesudah perbaikan dilampirkan."
        ),
    },
    "50303": {
        1: (
            "Big data belum dimanfaatkan dalam kegiatan statistik. Belum ada kajian maupun uji "
            "coba pemanfaatan sumber data nonkonvensional seperti data media sosial, sensor, atau "
            "transaksi daring."
        ),
        2: (
            "Diskominfo melakukan kajian awal pemanfaatan big data pada 2023, berupa uji coba web "
            "scraping harga bahan pokok dari situs belanja daring. Bukti berupa laporan kajian "
            "dan hasil eksperimen."
        ),
        3: (
            "Big data telah dipakai untuk menghasilkan statistik pendukung, yaitu indeks "
            "kepadatan lalu lintas dari sensor kamera Dinas Perhubungan dan pemantauan harga "
            "pangan melalui web scraping. Hasilnya dimuat dalam laporan bulanan di portal Satu "
            "Data Kota Contoh."
        ),
        4: (
            "Pemanfaatan big data mengikuti prosedur yang ditetapkan walidata dan direviu berkala "
            "bersama BPS Kota Contoh. Notula reviu tanggal 19 Oktober 2023 dan 25 April 2024 "
            "mencatat evaluasi cakupan dan kualitas data hasil web scraping."
        ),
        5: (
            "Hasil reviu Oktober 2023 ditindaklanjuti dengan memperluas sumber web scraping dari "
            "tiga menjadi tujuh situs dan menambahkan deteksi pencilan otomatis. Laporan "
            "perbandingan kualitas data sebelum dan sesudah perbaikan dilampirkan."
        ),
    },
}
