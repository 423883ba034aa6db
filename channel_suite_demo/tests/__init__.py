from . import test_story, test_value_story
