"""Bantuan: every key binding, and what the marks in the indicator tree mean."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Header, Markdown

from epss.tui.base import EpssScreen
from epss.tui.widgets.keybar import KeyBar

HELP = """\
# Bantuan

## Di mana saja
| tombol | fungsi |
|---|---|
| `?` atau `F1` | bantuan ini |
| `Ctrl+P` | semua perintah layar ini (mis. *riwayat*, *cetak*, *ekspor*, *final*), indikator |
| `Ctrl+Q` | keluar (semua perubahan sudah tersimpan) |
| `Esc` | kembali |

## Beranda
| tombol | fungsi |
|---|---|
| `Enter` | buka penilaian terpilih |
| `n` | penilaian baru (kosong, atau mulai dari jawaban dan bukti tahun lalu) |
| `r` | ganti judul penilaian |
| `d` | hapus penilaian (dengan konfirmasi) |
| `f` | tandai **final** (dengan konfirmasi; lalu terkunci) atau kembalikan ke **draf** |
| `h` | Riwayat: perbandingan antartahun dan penilaian mandiri vs hasil BPS (`t` ganti tab) |
| `v` | Rencana: kenaikan tingkat paling sedikit untuk mencapai predikat berikutnya |
| `g` | Cetak PDF: berkas lengkap (dossier) atau ringkasan dua halaman, ke folder `reports/` |
| `x` | Ekspor bundel untuk komite (.zip, dengan bukti) atau lembar kerja LKE (.xlsx) |
| `p` | nama penilai: dicatat di log audit untuk setiap perubahan (bila `EPSS_USER` tidak diisi) |
| `b` | pada baris penilaian badan: catat IPS dan indeks domain dari surat hasil BPS |
| `k` | Komite lomba (bila workspace ini punya lomba, mis. dari `epss award new`) |
| `K` | Kegiatan terpilih: sampel kegiatan statistik BPS dan OPD-nya (`a` tambah, `x` hapus) |
| `w` | Koordinasi OPD: progres tiap OPD (zona) dan usulan dari lembar OPD (`a` terima, `t` tolak) |
| `z` | Babak penilaian BPS: IPS tiap babak, indikator turun, catatan TPB; `w` paket perbaikan |
| `y` | Daftar data: daftar data daerah dicocokkan dengan portal Satu Data |
| `o` | Profil instansi untuk berkas dan presentasi lomba (unit, pengantar, inovasi, penanda) |

## Penilaian
| tombol | fungsi |
|---|---|
| `i` | layar sempit (< 80 kolom): buka/tutup daftar indikator (`Enter` pilih, `Esc` tutup) |
| `1`–`5` | pilih tingkat kematangan (kriteria lengkap tiap tingkat di tab *Kriteria*) |
| `[` / `]` | tab sebelumnya / berikutnya: Kriteria · Penjelasan · Bukti (n) · Komentar (n) |
| `d` / `b` / `k` | langsung ke tab Kriteria / Bukti / Komentar |
| `0` | kosongkan tingkat |
| `n` / `p` | indikator berikutnya / sebelumnya |
| `u` | indikator berikutnya yang belum diisi |
| `e` | tulis penjelasan (tersimpan otomatis; `Esc` keluar dari editor) |
| `a` | tambah berkas bukti (boleh beberapa sekaligus; lihat *Pemilih berkas* di bawah) |
| `l` | tambah tautan bukti (mis. Google Drive) |
| `o` | buka bukti terpilih dengan aplikasi sistem (atau tampilkan path-nya) |
| `x` | lepas bukti terpilih (dengan konfirmasi) |
| `r` | bukti terpilih rahasia (tidak dicetak/diekspor kecuali diminta) / tidak rahasia |
| `j` | jenis bukti terpilih bagi penilai: jenis dokumen, tahun, tanda tangan, paket TPB, kegiatan |
| `K` | Kegiatan terpilih (sampel BPS) penilaian ini |
| `w` | Koordinasi OPD: progres dan usulan penjelasan/tingkat dari OPD |
| `m` | tambah komentar peninjau |
| `s` | tandai komentar terpilih selesai / buka lagi |
| `t` | tandai jawaban salinan tahun lalu sudah ditinjau |
| `c` | Periksa: daftar hal yang akan dipertanyakan penilai BPS |
| `v` | Rencana peningkatan; `Enter` pada satu langkah membuka indikatornya |
| `g` | Cetak PDF penilaian ini (berjalan di latar; penjelasan yang sedang diketik disimpan dulu) |
| `f` | tandai final (dengan konfirmasi) atau kembalikan ke draf |
| `X` | ekspor bundel (.zip) atau lembar kerja LKE (.xlsx) penilaian ini |
| `R` | nama penilai |

Waktu simpan ditampilkan dalam zona waktu komputer ini (WIB, WITA atau WIT; selain itu
selisihnya dari UTC). Indikator yang dibuka dari Riwayat atau Rencana: `Esc` kembali ke sana.

Penilaian **final** hanya bisa dibaca: tingkat, penjelasan dan bukti tidak bisa diubah (tekan
`f` untuk kembali ke draf); komentar peninjau tetap bisa ditambahkan.

## Pemilih berkas
Mulai di folder yang terakhir dipakai. `Enter` pada berkas menandainya (✓; boleh beberapa),
`Backspace` atau tombol *Naik* ke folder di atasnya, daftar *Pindah ke drive* memuat folder
rumah, flashdisk (`/media`) dan drive Windows di WSL (`/mnt/c`). Mengetik path folder lalu
`Enter` membukanya; mengetik path berkas menandainya. Berkas tersembunyi (nama diawali titik)
tidak ditampilkan.

## Layar kecil
Di terminal yang lebih sempit dari 80 kolom, panel skor dan pohon indikator disembunyikan agar
rincian indikator tetap lebar: skor tampil satu baris di atas rincian, dan `i` membuka daftar
indikator. Di terminal yang lebih pendek dari 20 baris, panel skor juga diganti satu baris itu.
Panah atas/bawah menggulir rincian; `Tab` pindah ke pilihan tingkat.

## Mode baca saja
Bila folder workspace tidak bisa ditulis (mis. flashdisk yang dikunci), epss membukanya dalam
mode baca saja: judul layar menyebut *Mode baca saja*, semuanya bisa dilihat, dan setiap tombol
yang mengubah sesuatu menampilkan alasannya tanpa mengubah apa pun.

## Komite lomba (Satu Data Award)
| tombol | fungsi |
|---|---|
| `s` | urutkan peserta: posisi, nama, IPS, nilai (atau pilih judul kolom) |
| `Enter` | rincian peserta: nilai dan kontribusi tiap kriteria, nilai tiap juri |
| `i` | isi nilai komite 0-100 (mis. persentase daftar data terisi di portal) |
| `j` | isi nilai juri 0-100 (nama juri, kriteria, nilai) |
| `x` | di rincian peserta: hapus nilai komite atau nilai juri pada baris terpilih |
| `c` | lomba berkategori: tampilkan semua peserta, satu kategori, atau yang belum berkategori |
| `K` | kategori peserta terpilih (juga di rincian peserta): pilih kategori atau *tanpa kategori* |
| `g` | cetak laporan komite (PDF) ke folder `reports/` |
| `a` | ganti lomba bila ada lebih dari satu |

Tanda di daftar peserta dan rincian:

| tanda | arti |
|---|---|
| `T3 #1` | posisi: tahap 3 (tahap terakhir yang dicapai peserta), peringkat 1 di tahap itu |
| `50% *` | bobot kriteria 50 %; `*` = bobot **asumsi** (tidak dipublikasikan penyelenggara) |

Peserta yang kekurangan satu nilai ditampilkan *belum lengkap*: tidak diberi peringkat dan tidak
dianggap nol. Nilai juri dirata-rata; mulai lima juri, nilai tertinggi dan terendah tidak
dihitung. Bobot bertanda *asumsi* tidak dipublikasikan penyelenggara: sepakati dan ubah dengan
`epss award rubric --export` lalu `--replace`.

## Riwayat dan rencana
Perbandingan memakai hasil BPS per indikator bila ada; bila surat BPS hanya memuat IPS dan
indeks domain, catat dengan `epss assessment reported --year 2024 --ips 2,41 --domain 1=2,80`
dan perbandingan berhenti di tingkat domain (tingkat per indikator tidak pernah dikarang).
Rencana memilih kenaikan satu tingkat **sesedikit mungkin**; bila sama banyak, yang menuju
tingkat lebih rendah dulu (bukti dukungnya lebih ringan), lalu yang IPS akhirnya lebih tinggi.

## Tanda di pohon indikator
| tanda | arti |
|---|---|
| `·` | tingkat belum dipilih |
| `3` | tingkat terpilih |
| `P!` | belum ada penjelasan |
| `B!` | tingkat 2 ke atas tanpa bukti dukung |
| `L` | disalin dari tahun lalu, belum ditinjau |
| `K` | ada komentar yang belum selesai |

## Skor
IPS dihitung dari rata-rata tertimbang bertingkat (indikator → aspek → domain → IPS) dengan
bobot dari katalog (sebagian besar bobot **disimpulkan** dari implementasi pihak ketiga, belum
resmi). Indikator yang belum diisi dihitung tingkat 1 dan predikat ditandai *sementara*.
Aturan pembulatan resmi **tidak diketahui**: diatur di `epss/core/domains/edition.toml`
(bawaan: dua desimal, setengah ke atas, predikat dari IPS yang dibulatkan).
"""


class HelpScreen(EpssScreen[None]):
    BINDINGS = [Binding("escape,q", "app.pop_screen", "Kembali")]

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="help-body"):
            yield Markdown(HELP)
        yield KeyBar()
