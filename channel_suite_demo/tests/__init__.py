from . import test_story
