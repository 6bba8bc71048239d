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

    monkeypatch.setattr(type(path), "read_text", refuse)  # chmod does not stop root
    with pytest.raises(DataError, match="cannot be read \\(Permission denied\\)"):
        load_csv(path)
