from tests.support.site import site  # noqa: F401 - re-exported pytest fixture
