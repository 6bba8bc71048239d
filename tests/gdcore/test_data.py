"""Datasets: the synthetic default and every way a CSV can be wrong."""

import numpy as np
import pytest

from gdcore import DataError, Dataset, load_csv, make_linear_data, read_csv


def test_make_linear_data_is_seeded_and_follows_the_line():
    a = make_linear_data(500, w=3.0, b=-2.0, noise=0.1, x_range=(1.0, 5.0), seed=7)
    b = make_linear_data(500, w=3.0, b=-2.0, noise=0.1, x_range=(1.0, 5.0), seed=7)
    c = make_linear_data(500, w=3.0, b=-2.0, noise=0.1, x_range=(1.0, 5.0), seed=8)
    assert np.array_equal(a.x, b.x) and np.array_equal(a.y, b.y)
    assert not np.array_equal(a.x, c.x)
    assert a.x.min() >= 1.0 and a.x.max() <= 5.0
    residual = a.y - (3.0 * a.x - 2.0)
    assert abs(residual.std() - 0.1) < 0.01


def test_dataset_is_frozen_and_read_only():
    data = Dataset([1, 2, 3], [2, 4, 6])
    assert data.x.dtype == np.float64 and data.n == 3
    with pytest.raises(ValueError):
        data.x[0] = 5.0
    with pytest.raises(AttributeError):
        data.x = np.zeros(3)


@pytest.mark.parametrize(
    ("x", "y", "message"),
    [
        ([1, 2, 3], [1, 2], "equal length"),
        ([1], [2], "at least 2"),
        ([1, np.nan], [1, 2], r"x\[1\] is nan"),
        ([1, 2], [np.inf, 2], r"y\[0\] is inf"),
        ([[1, 2], [3, 4]], [1, 2], "1-D"),
    ],
)
def test_dataset_rejects_bad_arrays(x, y, message):
    with pytest.raises(DataError, match=message):
        Dataset(x, y)


def write(tmp_path, text, name="data.csv"):
    path = tmp_path / name
    path.write_text(text)
    return path


def test_load_csv_picks_first_two_numeric_columns(tmp_path):
    path = write(tmp_path, "name,height,weight,age\nann,1.6,60,30\nbob,1.8,80,40\ncy,1.7,70,35\n")
    data = load_csv(path)
    assert np.array_equal(data.x, [1.6, 1.8, 1.7])
    assert np.array_equal(data.y, [60, 80, 70])


def test_load_csv_named_columns_blank_lines_and_bom(tmp_path):
    path = tmp_path / "d.csv"
    path.write_bytes("\ufeffa,b,c\n1,2,3\n\n4,5,6\n".encode())
    data = load_csv(path, x="c", y="a")
    assert np.array_equal(data.x, [3, 6]) and np.array_equal(data.y, [1, 4])


def test_constant_x_is_allowed(tmp_path):
    data = load_csv(write(tmp_path, "x,y\n2,1\n2,3\n2,5\n"))
    assert np.all(data.x == 2)


@pytest.mark.parametrize(
    ("text", "kwargs", "message"),
    [
        ("", {}, "data.csv: the file is empty"),
        ("\n\n", {}, "the file is empty"),
        ("1,2\n3,4\n5,6\n", {}, "data.csv: line 1: no header row"),
        ("x,y\n1,2\n", {}, "1 data row"),
        ("x,y\n", {}, "0 data row"),
        ("x,y\n1,2\n3,4\n", {"x": "slope"}, r"unknown column 'slope' for x; the columns are \['x', 'y'\]"),
        ("x,y\n1,2\n3,4\n", {"y": "z"}, "unknown column 'z' for y"),
        ("x,y\n1,2\n3,abc\n", {}, r"data.csv:3:2: 'abc' in column 'y' is not a number"),
        ("x,y\n1,2\n,4\n", {}, r"data.csv:3:1: an empty cell in column 'x'"),
        ("x,y\n1,2\n3,nan\n", {}, r"data.csv:3:2: 'nan' in column 'y' is not finite"),
        ("x,y\n1,2\ninf,4\n", {}, r"data.csv:3:1: 'inf' in column 'x' is not finite"),
        ("x,y\n1,2\n3\n", {}, "line 3: 1 fields but the header has 2"),
        ("name,x\nann,1\nbob,2\n", {}, "fewer than two numeric columns"),
        ("date,x\n2020-01-05,1\n2020-01-06,2\n", {}, "fewer than two numeric columns"),
        # Auto-detected columns name the cell meant as a number, as --x/--y do.
        ('x,y\n"1,000",2\n3,4\n', {}, r"data.csv:2:1: '1,000' in column 'x' has thousands separators; .* e.g. 1000$"),
        ("x,y\n1,1_0\n3,4\n", {}, r"data.csv:2:2: '1_0' in column 'y' is an ambiguous number"),
        ("x,y\n0x1F,2\n3,4\n", {}, r"data.csv:2:1: '0x1F' in column 'x' is written in base 16; .* e.g. 31$"),
        ("name,x,y\nann,\u0661,2\nbob,3,4\n", {}, r"data.csv:2:2: '\u0661' in column 'x' is an ambiguous number"),
        ('x,y\n1,2\n"1,000",4\n', {}, r"data.csv:3:1: '1,000' in column 'x' has thousands separators"),
        ("x,y\n1,2\n0b101,4\n", {"x": "x"}, r"data.csv:3:1: '0b101' in column 'x' is written in base 2; .* e.g. 5$"),
        ("x,y\n1,2\n3,4\n", {"x": "y", "y": "y"}, "both column 'y'"),
    ],
)
def test_load_csv_errors_name_the_problem(tmp_path, text, kwargs, message):
    path = write(tmp_path, text)
    with pytest.raises(DataError, match=message):
        load_csv(path, **kwargs)


def test_load_csv_missing_file(tmp_path):
    with pytest.raises(DataError, match="nope.csv: no such file"):
        load_csv(tmp_path / "nope.csv")


def test_load_csv_not_utf8(tmp_path):
    path = tmp_path / "data.csv"
    path.write_bytes(b"x,y\n1,2\n\xff\xfe,3\n")
    with pytest.raises(DataError, match="not UTF-8"):
        load_csv(path)


def test_data_error_is_a_value_error():
    assert issubclass(DataError, ValueError)


def test_read_csv_names_the_columns_it_used(tmp_path):
    path = write(tmp_path, "a,b,c\n1,2,3\n4,5,7\n")
    assert read_csv(path)[1:] == ("a", "b")
    assert read_csv(path, y="a")[1:] == ("b", "a")  # x defaults to the first numeric column that is not y
    data, x_name, y_name = read_csv(path, x="c")
    assert (x_name, y_name) == ("c", "a") and np.array_equal(data.x, [3, 7]) and np.array_equal(data.y, [1, 4])


def test_unreadable_file_is_a_data_error(tmp_path, monkeypatch):
    path = write(tmp_path, "x,y\n1,2\n3,4\n")

    def refuse(self, *args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(type(path), "open", refuse)  # chmod does not stop root
    with pytest.raises(DataError, match="cannot be read \\(Permission denied\\)"):
        load_csv(path)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("x,y\n1,2\n1_000,4\n", r"data.csv:3:1: '1_000' in column 'x' is an ambiguous number"),
        ("x,y\n1,2\n3,\u0661\u0662\n", r"data.csv:3:2: '\u0661\u0662' in column 'y' is an ambiguous number"),
        ("x,y\n1,2\n\uff13,4\n", r"data.csv:3:1: '\uff13' in column 'x' is an ambiguous number"),
        ("x;y\n1;2\n3;4\n", r"data.csv: line 1: the columns are separated by semicolons, not commas; .*';' with ','"),
        ("x\ty\n1\t2\n3\t4\n", r"data.csv: line 1: the columns are separated by tabs, not commas"),
        ("x,y,x\n1,2,3\n4,5,6\n", r"data.csv: line 1: the column name 'x' appears twice \(columns 1 and 3\)"),
        ('note,x,y\n"two\nlines",1,2\nok,3,zz\n', r"data.csv:4:3: 'zz' in column 'y' is not a number"),
        ('note,x,y\nok,1,2\n"a\nb\nc",oops,2\n', r"data.csv:5:2: 'oops' in column 'x' is not a number"),
        (
            "x,y\n1,2\n3,1e300\n",
            r"data.csv:3:2: column 'y' reaches 1e\+300, beyond the \+-1e\+100 .*divide it by 1e\+300",
        ),
        ("x,y\n1e-300,2\n3e-300,4\n", r"data.csv: column 'x' varies by only 2e-300, .*multiply it by 1e\+300"),
    ],
)
def test_hostile_csv_gets_one_line_naming_the_cell(tmp_path, text, message):
    path = tmp_path / "data.csv"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(DataError, match=message) as caught:
        read_csv(path)
    assert "\n" not in str(caught.value).replace("\\n", "")


def test_a_very_long_cell_is_one_line_naming_where(tmp_path):
    path = write(tmp_path, "x,y\n1,2\n3," + "4" * 200_000 + "\n")
    with pytest.raises(DataError, match=r"data.csv:3: a cell longer than 131,072 characters") as caught:
        read_csv(path)
    assert len(str(caught.value)) < 300


def test_an_unclosed_quote_joins_the_rest_into_one_cell(tmp_path):
    path = write(tmp_path, 'x,y\n1,"2\n' + "3,4\n" * 40_000)
    with pytest.raises(DataError, match=r"data.csv:2: a cell longer than .*unclosed quote"):
        read_csv(path)


def test_a_directory_or_broken_link_is_named_as_such(tmp_path):
    (tmp_path / "folder.csv").mkdir()
    with pytest.raises(DataError, match="folder.csv: is a directory, not a CSV file"):
        read_csv(tmp_path / "folder.csv")
    (tmp_path / "link.csv").symlink_to(tmp_path / "gone.csv")
    with pytest.raises(DataError, match=r"link.csv: a broken symbolic link \(to .*gone.csv\)"):
        read_csv(tmp_path / "link.csv")


def test_plain_numbers_of_every_spelling_are_read(tmp_path):
    path = write(tmp_path, "x,y\n 1 ,+2\n-3.5,.5\n4.,1e3\n5E-2 , -0\n")
    data = read_csv(path).data
    assert data.x.tolist() == [1.0, -3.5, 4.0, 0.05] and data.y.tolist() == [2.0, 0.5, 1000.0, -0.0]


def test_many_rows_read_as_the_csv_module_reads_them(tmp_path):
    rng = np.random.default_rng(3)
    x, y = rng.normal(size=5000), rng.normal(scale=1e50, size=5000)
    path = write(tmp_path, "x,y\n" + "".join(f"{a!r},{b!r}\n" for a, b in zip(x.tolist(), y.tolist(), strict=True)))
    data = read_csv(path).data
    assert np.array_equal(data.x, x) and np.array_equal(data.y, y)


def test_too_many_rows_are_refused(tmp_path, monkeypatch):
    import gdcore.data

    monkeypatch.setattr(gdcore.data, "MAX_SAMPLES", 3)
    with pytest.raises(DataError, match="more than 3 data rows"):
        read_csv(write(tmp_path, "x,y\n1,2\n3,4\n5,6\n7,8\n"))


@pytest.mark.parametrize(("x", "y"), [([1, 1e101], [1, 2]), ([1, 2], [-1e200, 0])])
def test_dataset_refuses_values_float64_cannot_square(x, y):
    with pytest.raises(DataError, match="beyond the"):
        Dataset(x, y)
